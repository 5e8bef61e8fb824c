using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;

namespace BdrcConsole.Tests.Core.RiskDetection;

/// <summary>
/// Over 20 or more accounts, risk pages in an order a risk index holds walk that index (INDEXED BY). They
/// must return exactly what sorting the stored risks in memory gives, exclusions applied.
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
            var result = await estate.RiskDetection.ListRisksAsync(estate.Administrator, query with { Page = page, PageSize = PageSize });
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

        var expected = InPageOrder((await estate.ReadIncludedAsync(estate.VisibleAccountIds)).Risks, sortBy, descending);
        Assert.True(expected.Count > 10 * PageSize, $"the detected estate should hold many risks, found {expected.Count}");
        // Risks first detected at three times, so that the first-detected order is not the resource order.
        Assert.Equal(3, expected.Select(r => r.FirstDetectedAt).Distinct().Count());
        AssertDecidedByTieBreakers(expected);
        Assert.Equal(expected, rows);
        Assert.Equal(rows.Count, total);
        Assert.Equal(total, (await estate.RiskDetection.CountRisksAsync(estate.Administrator, query)).Total);
        if (estate.NamesIndexesInSql)
            Assert.All(pageCommands, commands => Assert.Single(commands, c => c.Contains($"{IndexedBy} \"{index}\"")));
    }

    [Theory]
    [MemberData(nameof(WalkedOrders))]
    public async Task ListRisks_FiveAccountsInAnIndexedOrder_ReadsWithoutIndexHintAndRowsEqualTheRisksSortedInMemory(RiskSortField sortBy, bool descending, string index)
    {
        var query = new RiskQuery(estate.FewAccounts) { SortBy = sortBy, Descending = descending };

        var (rows, total, pageCommands) = await ReadAllAsync(query);

        var expected = InPageOrder((await estate.ReadIncludedAsync(estate.FewAccounts)).Risks, sortBy, descending);
        Assert.True(expected.Count > PageSize, $"five accounts should hold more than a page of risks, found {expected.Count}");
        AssertDecidedByTieBreakers(expected);
        Assert.Equal(expected, rows);
        Assert.Equal(rows.Count, total);
        Assert.Equal(total, (await estate.RiskDetection.CountRisksAsync(estate.Administrator, query)).Total);
        Assert.All(pageCommands, commands => Assert.DoesNotContain(commands, c => c.Contains(IndexedBy) || c.Contains(index)));
    }

    [Fact]
    [Trait(TestEngine.Trait, "Sqlite")] // Which statement names an index: PostgreSQL's planner chooses by itself.
    public async Task ListRisks_TwentyAndNineteenAccounts_OnlyTwentyWalkTheIndex()
    {
        var twenty = estate.VisibleAccountIds.Take(20).ToList();

        estate.Sql.Clear();
        var many = await estate.RiskDetection.ListRisksAsync(estate.Administrator, new RiskQuery(twenty) { PageSize = PageSize });
        var manyCommands = estate.Sql.Commands;
        estate.Sql.Clear();
        var few = await estate.RiskDetection.ListRisksAsync(estate.Administrator, new RiskQuery(twenty.Take(19).ToList()) { PageSize = PageSize });
        var fewCommands = estate.Sql.Commands;

        Assert.Equal(InPageOrder((await estate.ReadIncludedAsync(twenty)).Risks, RiskSortField.Severity, true).Take(PageSize), many.Items);
        Assert.Equal(InPageOrder((await estate.ReadIncludedAsync(twenty.Take(19).ToList())).Risks, RiskSortField.Severity, true).Take(PageSize), few.Items);
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
            (await estate.ReadIncludedAsync(estate.VisibleAccountIds)).Risks
                .Where(r => (severity is null || r.Severity == severity) && (product is null || r.Product == product) && (ruleId is null || r.RuleId == ruleId)),
            sortBy, descending);
        Assert.True(expected.Count > PageSize, $"the filter should leave more than a page of risks, found {expected.Count}");
        Assert.Equal(expected, rows);
        Assert.Equal(rows.Count, total);
        // The counts break the risks down by severity and by product, so their total ignores those two filters.
        var counts = await estate.RiskDetection.CountRisksAsync(estate.Administrator, query);
        int? counted = (severity, product) switch
        {
            (null, null) => counts.Total,
            ({ } s, null) => counts.BySeverity[s],
            (null, { } p) => counts.ByProduct[p],
            _ => null,
        };
        if (counted is not null)
            Assert.Equal(total, counted);
        if (estate.NamesIndexesInSql)
            Assert.All(pageCommands, commands => Assert.Single(commands, c => c.Contains(IndexedBy)));
    }
}
