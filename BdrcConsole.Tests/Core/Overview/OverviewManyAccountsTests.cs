using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Tests.TestSupport;

namespace BdrcConsole.Tests.Core.Overview;

/// <summary>
/// Over 20 or more accounts the Overview's top risky resources walk their index (INDEXED BY); the dashboard
/// must return exactly what sorting and summing the stored resources in memory gives, exclusions applied.
/// </summary>
public class OverviewManyAccountsTests(DetectedSyntheticEstateHost estate) : IClassFixture<DetectedSyntheticEstateHost>
{
    private const string IndexedBy = "INDEXED BY";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetDashboard_ManyOrFewAccounts_TopRiskyResourcesEqualTheIncludedLowestScoredSortedInMemory(bool allVisible)
    {
        var accounts = allVisible ? estate.VisibleAccountIds : estate.FewAccounts;

        estate.Sql.Clear();
        var dashboard = await estate.Overview.GetDashboardAsync(estate.Administrator, new OverviewQuery(accounts));
        var commands = estate.Sql.Commands;

        var included = await estate.ReadIncludedAsync(accounts);
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
        if (allVisible && estate.NamesIndexesInSql)
            Assert.Single(commands, c => c.Contains(hint));
        else
            Assert.DoesNotContain(commands, c => c.Contains(hint));
    }

    [Fact]
    public async Task GetDashboard_AllVisibleAccounts_ScoreAndCountsEqualTheIncludedResourcesInMemory()
    {
        var dashboard = await estate.Overview.GetDashboardAsync(estate.Administrator, new OverviewQuery(estate.VisibleAccountIds));

        var resources = (await estate.ReadIncludedAsync(estate.VisibleAccountIds)).Resources;
        var included = resources.Where(r => !r.Excluded).ToList();
        var scored = included.Where(r => r.Score != null).ToList();
        Assert.Equal(scored.Average(r => r.Score!.Value), dashboard.Score!.Value, precision: 9);
        Assert.Equal(
            (included.Count, scored.Count, resources.Count - included.Count, included.Count(r => r.RiskCount > 0), included.Count(r => r.HasCheckFailed)),
            (dashboard.Resources, dashboard.ScoredResources, dashboard.ExcludedResources, dashboard.RiskyResources, dashboard.CheckFailedResources));
        // The product excluded as a whole and the resource excluded one by one.
        Assert.True(dashboard.ExcludedResources > 1, $"excluded resources: {dashboard.ExcludedResources}");
        Assert.Equal(
            ScoreBands.Distribution.Select((_, band) => scored.Count(r => ScoreBands.BandOf(r.Score!.Value) == band)),
            dashboard.Distribution.Select(d => d.Resources));
    }

    [Fact]
    public async Task GetDashboard_AllVisibleAccounts_EachAccountsRowEqualsItsIncludedResourcesInMemory()
    {
        var dashboard = await estate.Overview.GetDashboardAsync(estate.Administrator, new OverviewQuery(estate.VisibleAccountIds));

        var included = (await estate.ReadIncludedAsync(estate.VisibleAccountIds)).Resources.Where(r => !r.Excluded).ToLookup(r => r.AccountId);
        Assert.Equal(estate.VisibleAccountIds, dashboard.Accounts.Select(a => a.AccountId));
        Assert.All(dashboard.Accounts, row =>
        {
            var resources = included[row.AccountId].ToList();
            Assert.Equal((resources.Count, resources.Count(r => r.RiskCount > 0), resources.Sum(r => r.RiskCount)), (row.Resources, row.RiskyResources, row.Risks));
            Assert.Equal(resources.Where(r => r.Score != null).Average(r => r.Score!.Value), row.Score!.Value, precision: 9);
        });
    }
}
