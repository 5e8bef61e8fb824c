using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Scoring;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Tests.Core.Scoring;

/// <summary>
/// Over 20 or more accounts, risk pages in an order a risk index holds walk that index (INDEXED BY), and
/// the Overview's top risky resources walk theirs. Both must return exactly what sorting the stored
/// risks and resources in memory gives, exclusions applied.
/// </summary>
public class RiskListManyAccountsTests(DetectedSyntheticEstateHost estate) : IClassFixture<DetectedSyntheticEstateHost>
{
    // Odd, so that pages start and end anywhere in the order.
    private const int PageSize = 97;
    private const string IndexedBy = "INDEXED BY";

    /// <summary>The orders with a risk index, and the index each walks.</summary>
    public static TheoryData<RiskSortField, bool, string> WalkedOrders => new()
    {
        { RiskSortField.Severity, true, RiskIndexes.BySeverity },
        { RiskSortField.Resource, false, RiskIndexes.ByResource },
        { RiskSortField.Resource, true, RiskIndexes.ByResource },
        { RiskSortField.FirstDetected, false, RiskIndexes.ByFirstDetected },
        { RiskSortField.FirstDetected, true, RiskIndexes.ByFirstDetected },
    };

    /// <summary>Five accounts, among them the two with exclusions, so that the few-accounts path applies them too.</summary>
    private IReadOnlyList<string> FewAccounts =>
        new[] { estate.ExcludedProduct.AccountId, estate.ExcludedResource.AccountId }
            .Concat(estate.VisibleAccountIds).Distinct().Take(5).ToList();

    private sealed record Estate(List<RiskRow> Risks, List<ResourceState> Resources, IReadOnlyDictionary<string, string> AccountNames);

    private sealed record ResourceState(
        string Id, string Name, ProductType Product, string AccountId, bool Excluded, double? Score, int RiskCount, int HighRiskCount, bool HasCheckFailed);

    /// <summary>
    /// Every current risk and every resource of the accounts as stored, exclusions applied in memory: a
    /// risk of a resource excluded one by one, or of a product excluded as a whole, is not a current risk.
    /// </summary>
    private async Task<Estate> ReadIncludedAsync(IReadOnlyCollection<string> accounts)
    {
        await using var db = await estate.CreateDbContextAsync();
        var accountNames = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.DisplayName);
        var productExclusions = (await db.ProductExclusions.AsNoTracking().ToListAsync()).Select(e => (e.AccountId, e.Product)).ToHashSet();
        var resources = (await db.Resources.AsNoTracking().ToListAsync())
            .Where(r => accounts.Contains(r.AccountId))
            .Select(r => new ResourceState(r.Id, r.Name, r.Product, r.AccountId,
                r.ExcludedFromChecks || productExclusions.Contains((r.AccountId, r.Product)), r.Score, r.RiskCount, r.HighRiskCount, r.HasCheckFailed))
            .ToList();
        var byId = resources.ToDictionary(r => r.Id);
        var risks = (await db.CheckResults.AsNoTracking().ToListAsync())
            .Where(c => c.Status == CheckStatus.Failed && byId.TryGetValue(c.ResourceId, out var resource) && !resource.Excluded)
            .Select(c =>
            {
                var item = CheckItems.Find(c.RuleId)!;
                // The resource's own name: a risk list must show (and sort by) what the resource is called.
                return new RiskRow(c.ResourceId, byId[c.ResourceId].Name, c.Product, c.AccountId, accountNames[c.AccountId],
                    c.RuleId, item.Title, c.Severity, item.Recommendation, c.FirstDetectedAt);
            })
            .ToList();
        return new Estate(risks, resources, accountNames);
    }

    private static List<RiskRow> InPageOrder(IEnumerable<RiskRow> risks, RiskSortField sortBy, bool descending)
    {
        var ordinal = StringComparer.Ordinal;
        return ((sortBy, descending) switch
        {
            (RiskSortField.Severity, true) => risks.OrderByDescending(r => r.Severity).ThenBy(r => r.ResourceName, ordinal).ThenBy(r => r.RuleId, ordinal),
            (RiskSortField.Resource, false) => risks.OrderBy(r => r.ResourceName, ordinal).ThenBy(r => r.RuleId, ordinal),
            (RiskSortField.Resource, true) => risks.OrderByDescending(r => r.ResourceName, ordinal).ThenByDescending(r => r.RuleId, ordinal),
            (RiskSortField.FirstDetected, false) => risks.OrderBy(r => r.FirstDetectedAt).ThenBy(r => r.ResourceName, ordinal).ThenBy(r => r.RuleId, ordinal),
            (RiskSortField.FirstDetected, true) => risks.OrderByDescending(r => r.FirstDetectedAt).ThenByDescending(r => r.ResourceName, ordinal).ThenByDescending(r => r.RuleId, ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(sortBy), "Not an order a risk index holds."),
        }).ToList();
    }

    /// <summary>Every row of the query, page after page, with the SQL each page ran.</summary>
    private async Task<(List<RiskRow> Rows, int Total, List<IReadOnlyList<string>> PageCommands)> ReadAllAsync(RiskQuery query)
    {
        var rows = new List<RiskRow>();
        var commands = new List<IReadOnlyList<string>>();
        for (var page = 0; ; page++)
        {
            estate.Sql.Clear();
            var result = await estate.Overview.ListRisksAsync(estate.Administrator, query with { Page = page, PageSize = PageSize });
            commands.Add(estate.Sql.Commands);
            rows.AddRange(result.Items);
            if (result.Items.Count < PageSize)
                return (rows, result.TotalCount, commands);
        }
    }

    private static void AssertDecidedByTieBreakers(IReadOnlyCollection<RiskRow> expected)
    {
        // Only then is there one right order to compare with.
        Assert.True(expected.DistinctBy(r => (r.ResourceName, r.RuleId)).Count() == expected.Count, "risks should differ in resource name or rule");
    }

    [Theory]
    [MemberData(nameof(WalkedOrders))]
    public async Task ListRisks_AllVisibleAccountsInAnIndexedOrder_EveryPageWalksTheIndexAndRowsEqualTheRisksSortedInMemory(RiskSortField sortBy, bool descending, string index)
    {
        var query = new RiskQuery(estate.VisibleAccountIds) { SortBy = sortBy, Descending = descending };

        var (rows, total, pageCommands) = await ReadAllAsync(query);

        var expected = InPageOrder((await ReadIncludedAsync(estate.VisibleAccountIds)).Risks, sortBy, descending);
        Assert.True(expected.Count > 10 * PageSize, $"the detected estate should hold many risks, found {expected.Count}");
        // Risks first detected at three times, so that the first-detected order is not the resource order.
        Assert.Equal(3, expected.Select(r => r.FirstDetectedAt).Distinct().Count());
        AssertDecidedByTieBreakers(expected);
        Assert.Equal(expected, rows);
        Assert.Equal(rows.Count, total);
        Assert.Equal(total, (await estate.Overview.CountRisksAsync(estate.Administrator, query)).Total);
        Assert.All(pageCommands, commands => Assert.Single(commands, c => c.Contains($"{IndexedBy} \"{index}\"")));
    }

    [Theory]
    [MemberData(nameof(WalkedOrders))]
    public async Task ListRisks_FiveAccountsInAnIndexedOrder_ReadsWithoutIndexHintAndRowsEqualTheRisksSortedInMemory(RiskSortField sortBy, bool descending, string index)
    {
        var query = new RiskQuery(FewAccounts) { SortBy = sortBy, Descending = descending };

        var (rows, total, pageCommands) = await ReadAllAsync(query);

        var expected = InPageOrder((await ReadIncludedAsync(FewAccounts)).Risks, sortBy, descending);
        Assert.True(expected.Count > PageSize, $"five accounts should hold more than a page of risks, found {expected.Count}");
        AssertDecidedByTieBreakers(expected);
        Assert.Equal(expected, rows);
        Assert.Equal(rows.Count, total);
        Assert.Equal(total, (await estate.Overview.CountRisksAsync(estate.Administrator, query)).Total);
        Assert.All(pageCommands, commands => Assert.DoesNotContain(commands, c => c.Contains(IndexedBy) || c.Contains(index)));
    }

    [Fact]
    public async Task ListRisks_TwentyAndNineteenAccounts_OnlyTwentyWalkTheIndex()
    {
        var twenty = estate.VisibleAccountIds.Take(20).ToList();

        estate.Sql.Clear();
        var many = await estate.Overview.ListRisksAsync(estate.Administrator, new RiskQuery(twenty) { PageSize = PageSize });
        var manyCommands = estate.Sql.Commands;
        estate.Sql.Clear();
        var few = await estate.Overview.ListRisksAsync(estate.Administrator, new RiskQuery(twenty.Take(19).ToList()) { PageSize = PageSize });
        var fewCommands = estate.Sql.Commands;

        Assert.Equal(InPageOrder((await ReadIncludedAsync(twenty)).Risks, RiskSortField.Severity, true).Take(PageSize), many.Items);
        Assert.Equal(InPageOrder((await ReadIncludedAsync(twenty.Take(19).ToList())).Risks, RiskSortField.Severity, true).Take(PageSize), few.Items);
        Assert.Single(manyCommands, c => c.Contains($"{IndexedBy} \"{RiskIndexes.BySeverity}\""));
        Assert.DoesNotContain(fewCommands, c => c.Contains(IndexedBy));
    }

    [Theory]
    [InlineData(RiskSeverity.High, ProductType.Oss, null, RiskSortField.Severity, true)]
    [InlineData(RiskSeverity.Medium, null, null, RiskSortField.Resource, false)]
    [InlineData(null, null, "oss-versioning", RiskSortField.FirstDetected, true)]
    [InlineData(null, ProductType.Nas, "nas-backup", RiskSortField.FirstDetected, false)]
    [InlineData(null, ProductType.Ecs, null, RiskSortField.Resource, true)]
    public async Task ListRisks_AllVisibleAccountsFiltered_WalkedPagesEqualTheFilteredRisksSortedInMemory(
        RiskSeverity? severity, ProductType? product, string? ruleId, RiskSortField sortBy, bool descending)
    {
        var query = new RiskQuery(estate.VisibleAccountIds) { Severity = severity, Product = product, RuleId = ruleId, SortBy = sortBy, Descending = descending };

        var (rows, total, pageCommands) = await ReadAllAsync(query);

        var expected = InPageOrder(
            (await ReadIncludedAsync(estate.VisibleAccountIds)).Risks
                .Where(r => (severity is null || r.Severity == severity) && (product is null || r.Product == product) && (ruleId is null || r.RuleId == ruleId)),
            sortBy, descending);
        Assert.True(expected.Count > PageSize, $"the filter should leave more than a page of risks, found {expected.Count}");
        Assert.Equal(expected, rows);
        Assert.Equal(rows.Count, total);
        // The counts break the risks down by severity and by product, so their total ignores those two filters.
        var counts = await estate.Overview.CountRisksAsync(estate.Administrator, query);
        int? counted = (severity, product) switch
        {
            (null, null) => counts.Total,
            ({ } s, null) => counts.BySeverity[s],
            (null, { } p) => counts.ByProduct[p],
            _ => null,
        };
        if (counted is not null)
            Assert.Equal(total, counted);
        Assert.All(pageCommands, commands => Assert.Single(commands, c => c.Contains(IndexedBy)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetDashboard_ManyOrFewAccounts_TopRiskyResourcesEqualTheIncludedLowestScoredSortedInMemory(bool allVisible)
    {
        var accounts = allVisible ? estate.VisibleAccountIds : FewAccounts;

        estate.Sql.Clear();
        var dashboard = await estate.Overview.GetDashboardAsync(estate.Administrator, new OverviewQuery(accounts));
        var commands = estate.Sql.Commands;

        var included = await ReadIncludedAsync(accounts);
        var expected = included.Resources
            .Where(r => !r.Excluded && r.Score != null && r.RiskCount > 0)
            .OrderBy(r => r.Score).ThenByDescending(r => r.HighRiskCount).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Take(OverviewService.TopRiskyResources)
            .Select(r => new RiskyResourceRow(r.Id, r.Name, r.Product, r.AccountId, included.AccountNames[r.AccountId], r.Score, r.RiskCount, r.HighRiskCount))
            .ToList();
        Assert.Equal(OverviewService.TopRiskyResources, expected.Count);
        Assert.Equal(expected, dashboard.TopRiskyResources);
        Assert.DoesNotContain(dashboard.TopRiskyResources, r => r.ResourceId == estate.ExcludedResource.Id);
        Assert.DoesNotContain(dashboard.TopRiskyResources, r => (r.AccountId, r.Product) == estate.ExcludedProduct);
        var hint = $"{IndexedBy} \"{TopRiskyIndex.Name}\"";
        if (allVisible)
            Assert.Single(commands, c => c.Contains(hint));
        else
            Assert.DoesNotContain(commands, c => c.Contains(hint));
    }

    [Fact]
    public async Task GetDashboard_AllVisibleAccounts_ScoreAndCountsEqualTheIncludedResourcesInMemory()
    {
        var dashboard = await estate.Overview.GetDashboardAsync(estate.Administrator, new OverviewQuery(estate.VisibleAccountIds));

        var resources = (await ReadIncludedAsync(estate.VisibleAccountIds)).Resources;
        var included = resources.Where(r => !r.Excluded).ToList();
        var scored = included.Where(r => r.Score != null).ToList();
        Assert.Equal(scored.Average(r => r.Score!.Value), dashboard.Score!.Value, precision: 9);
        Assert.Equal(
            (included.Count, scored.Count, resources.Count - included.Count, included.Count(r => r.RiskCount > 0), included.Count(r => r.HasCheckFailed)),
            (dashboard.Resources, dashboard.ScoredResources, dashboard.ExcludedResources, dashboard.RiskyResources, dashboard.CheckFailedResources));
        // The product excluded as a whole and the resource excluded one by one.
        Assert.True(dashboard.ExcludedResources > 1, $"excluded resources: {dashboard.ExcludedResources}");
        // Bands of the score as shown (rounded half away from zero).
        Assert.Equal(
            ScoreBands.Distribution.Select(b => scored.Count(r => Math.Round(r.Score!.Value, MidpointRounding.AwayFromZero) is var shown && shown >= b.Min && shown <= b.Max)),
            dashboard.Distribution.Select(d => d.Resources));
    }

    [Fact]
    public async Task GetDashboard_AllVisibleAccounts_EachAccountsRowEqualsItsIncludedResourcesInMemory()
    {
        var dashboard = await estate.Overview.GetDashboardAsync(estate.Administrator, new OverviewQuery(estate.VisibleAccountIds));

        var included = (await ReadIncludedAsync(estate.VisibleAccountIds)).Resources.Where(r => !r.Excluded).ToLookup(r => r.AccountId);
        Assert.Equal(estate.VisibleAccountIds, dashboard.Accounts.Select(a => a.AccountId));
        Assert.All(dashboard.Accounts, row =>
        {
            var resources = included[row.AccountId].ToList();
            Assert.Equal((resources.Count, resources.Count(r => r.RiskCount > 0), resources.Sum(r => r.RiskCount)), (row.Resources, row.RiskyResources, row.Risks));
            Assert.Equal(resources.Where(r => r.Score != null).Average(r => r.Score!.Value), row.Score!.Value, precision: 9);
        });
    }
}
