using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Detection;

/// <summary>
/// The per-account aggregates detection stores (<see cref="AccountProductScore"/>, <see cref="AccountRiskCount"/>)
/// must stay what <see cref="ScoreAggregates"/> computes live from the resources and risks: the Overview and
/// the risk counts read the stored rows, a resource-group filter the live ones, and the two must agree.
/// </summary>
public class ScoreAggregatesTests
{
    private const string AuditLogs = "acme-security-audit-logs";

    /// <summary>One stored or live <see cref="AccountProductScore"/>, comparable by value.</summary>
    private sealed record ScoreRow(
        string AccountId, ProductType Product, int Resources, int ExcludedResources, int ScoredResources, double ScoreSum,
        int RiskyResources, int Risks, int CheckFailedResources, int UpTo60, int From61To69, int From70To79, int From80To94, int From95To100);

    private sealed record RiskCountRow(string AccountId, string RuleId, ProductType Product, RiskSeverity Severity, int Risks);

    private sealed record Aggregates(IReadOnlyList<ScoreRow> Scores, IReadOnlyList<RiskCountRow> Risks)
    {
        public ScoreRow Score(string accountId, ProductType product) => Scores.Single(s => s.AccountId == accountId && s.Product == product);

        public int RisksOf(string accountId, string ruleId) => Risks.SingleOrDefault(r => r.AccountId == accountId && r.RuleId == ruleId)?.Risks ?? 0;
    }

    private static ScoreRow ToRow(AccountProductScore s) => new(
        s.AccountId, s.Product, s.Resources, s.ExcludedResources, s.ScoredResources, s.ScoreSum, s.RiskyResources, s.Risks, s.CheckFailedResources,
        s.ScoresUpTo60, s.Scores61To69, s.Scores70To79, s.Scores80To94, s.Scores95To100);

    private static RiskCountRow ToRow(AccountRiskCount c) => new(c.AccountId, c.RuleId, c.Product, c.Severity, c.Risks);

    private static Aggregates Sorted(IEnumerable<ScoreRow> scores, IEnumerable<RiskCountRow> risks) => new(
        scores.OrderBy(s => s.AccountId, StringComparer.Ordinal).ThenBy(s => s.Product).ToList(),
        risks.OrderBy(r => r.AccountId, StringComparer.Ordinal).ThenBy(r => r.RuleId, StringComparer.Ordinal).ToList());

    private static async Task<CoreTestHost> StartWithSecurityManagingEveryAccountAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.EntireDirectory]);
        return host;
    }

    private static async Task<Aggregates> StoredAsync(CoreTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        var scores = await db.AccountProductScores.AsNoTracking().ToListAsync();
        var risks = await db.AccountRiskCounts.AsNoTracking().ToListAsync();
        return Sorted(scores.Select(ToRow), risks.Select(ToRow));
    }

    /// <summary>What <see cref="ScoreAggregates"/> computes from the current resources and risks, account by account.</summary>
    private static async Task<Aggregates> LiveAsync(CoreTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        var scores = new List<ScoreRow>();
        var risks = new List<RiskCountRow>();
        foreach (var accountId in await db.Accounts.Select(a => a.Id).ToListAsync())
        {
            scores.AddRange((await ScoreAggregates.Summarize(db.Resources.Where(r => r.AccountId == accountId)).ToListAsync()).Select(ToRow));
            risks.AddRange((await ScoreAggregates.CountRisks(ScoreAggregates.StoredRisks(db, [accountId])).ToListAsync()).Select(ToRow));
        }
        return Sorted(scores, risks);
    }

    /// <summary>Stored equals live for every account (score sums to a rounding tolerance); returns the stored rows.</summary>
    private static async Task<Aggregates> AssertStoredEqualsLiveAsync(CoreTestHost host)
    {
        var stored = await StoredAsync(host);
        var live = await LiveAsync(host);

        // Every demo account has resources, so an empty table would pass only a vacuous comparison.
        Assert.Equal(Accounts.Count, live.Scores.Select(s => s.AccountId).Distinct().Count());
        Assert.Equal(live.Scores.Select(s => (s.AccountId, s.Product)), stored.Scores.Select(s => (s.AccountId, s.Product)));
        Assert.Equal(live.Risks.Select(r => (r.AccountId, r.RuleId)), stored.Risks.Select(r => (r.AccountId, r.RuleId)));
        AssertSameRows(live, stored);
        return stored;
    }

    /// <summary>The same rows for every demo account (score sums to a rounding tolerance).</summary>
    private static void AssertSameRows(Aggregates expected, Aggregates actual)
    {
        foreach (var (accountId, _, _, _) in Accounts)
            AssertSameRows(expected, actual, accountId);
    }

    private static void AssertSameRows(Aggregates expected, Aggregates actual, string accountId)
    {
        var expectedScores = expected.Scores.Where(s => s.AccountId == accountId).ToList();
        var actualScores = actual.Scores.Where(s => s.AccountId == accountId).ToList();
        Assert.Equal(expectedScores.Select(s => s with { ScoreSum = 0 }), actualScores.Select(s => s with { ScoreSum = 0 }));
        foreach (var (e, a) in expectedScores.Zip(actualScores))
            Assert.Equal(e.ScoreSum, a.ScoreSum, tolerance: 1e-6);
        Assert.Equal(expected.Risks.Where(r => r.AccountId == accountId), actual.Risks.Where(r => r.AccountId == accountId));
    }

    private static async Task<(string Id, ProductType Product, int RiskCount, double Score)> RiskyScoredResourceAsync(CoreTestHost host, string accountId)
    {
        await using var db = await host.CreateDbContextAsync();
        var resource = await db.Resources.AsNoTracking()
            .Where(r => r.AccountId == accountId && !r.ExcludedFromChecks && r.Score != null && r.RiskCount > 0)
            .OrderBy(r => r.Id).FirstAsync();
        return (resource.Id, resource.Product, resource.RiskCount, resource.Score!.Value);
    }

    [Fact]
    public async Task StoredAggregates_AfterInitialDetection_EqualLiveAggregatesOfEveryAccount()
    {
        await using var host = await CoreTestHost.StartAsync();

        var stored = await AssertStoredEqualsLiveAsync(host);

        Assert.NotEmpty(stored.Risks);
    }

    [Fact]
    public async Task SetResourceExcluded_RiskyResource_StoredAggregatesMoveItToExcludedAndEqualLive()
    {
        await using var host = await StartWithSecurityManagingEveryAccountAsync();
        var before = await StoredAsync(host);
        var (id, product, riskCount, score) = await RiskyScoredResourceAsync(host, ProdDataId);

        await host.Detection().SetResourceExcludedAsync(Actors.Security, id, excluded: true);

        var after = await AssertStoredEqualsLiveAsync(host);
        var was = before.Score(ProdDataId, product);
        var now = after.Score(ProdDataId, product);
        Assert.Equal(
            (was.Resources - 1, was.ExcludedResources + 1, was.ScoredResources - 1, was.RiskyResources - 1, was.Risks - riskCount),
            (now.Resources, now.ExcludedResources, now.ScoredResources, now.RiskyResources, now.Risks));
        Assert.Equal(was.ScoreSum - score, now.ScoreSum, tolerance: 1e-6);
        Assert.Equal(before.Risks.Where(r => r.AccountId == ProdDataId).Sum(r => r.Risks) - riskCount, after.Risks.Where(r => r.AccountId == ProdDataId).Sum(r => r.Risks));
    }

    [Fact]
    public async Task SetResourceExcluded_IncludedAgain_StoredAggregatesReturnToTheirFormerRows()
    {
        await using var host = await StartWithSecurityManagingEveryAccountAsync();
        var before = await StoredAsync(host);
        var (id, _, _, _) = await RiskyScoredResourceAsync(host, ProdDataId);
        await host.Detection().SetResourceExcludedAsync(Actors.Security, id, excluded: true);

        await host.Detection().SetResourceExcludedAsync(Actors.Security, id, excluded: false);

        var after = await AssertStoredEqualsLiveAsync(host);
        AssertSameRows(before, after);
    }

    [Fact]
    public async Task SetProductExcluded_Product_StoredRowsStayAndDashboardCountsItsResourcesAsExcluded()
    {
        await using var host = await StartWithSecurityManagingEveryAccountAsync();
        var (id, product, _, _) = await RiskyScoredResourceAsync(host, ProdWebId);
        // One resource of the product is excluded one by one as well: it must not count twice as excluded.
        await host.Detection().SetResourceExcludedAsync(Actors.Security, id, excluded: true);
        var before = await StoredAsync(host);
        var dashboardBefore = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([ProdWebId]));
        var countsBefore = await host.RiskDetection().CountRisksAsync(Actors.Security, new RiskQuery([ProdWebId]));

        await host.Detection().SetProductExcludedAsync(Actors.Security, ProdWebId, product, excluded: true);

        var after = await AssertStoredEqualsLiveAsync(host);
        // Product exclusions apply on reading: the stored rows are the same as before.
        AssertSameRows(before, after);
        var row = before.Score(ProdWebId, product);
        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([ProdWebId]));
        Assert.Equal(dashboardBefore.Resources - row.Resources, dashboard.Resources);
        Assert.Equal(dashboardBefore.ExcludedResources + row.Resources, dashboard.ExcludedResources);
        Assert.Equal(dashboardBefore.RiskyResources - row.RiskyResources, dashboard.RiskyResources);
        Assert.Equal(new ProductScore(product, null, null, 0, 0) { Tally = new(row.Resources + row.ExcludedResources, row.Resources + row.ExcludedResources) },
            dashboard.Products.Single(p => p.Product == product));
        Assert.Equal(dashboardBefore.Tally.Resources, dashboard.Tally.Resources);
        var counts = await host.RiskDetection().CountRisksAsync(Actors.Security, new RiskQuery([ProdWebId]));
        Assert.Equal((countsBefore.Total - row.Risks, 0), (counts.Total, counts.ByProduct[product]));
        Assert.Equal(dashboard.ExcludedResources, counts.ExcludedResources);
        Assert.Equal(dashboard.Tally, counts.Resources);
    }

    [Fact]
    public async Task CompleteDueConversions_FinishedZrsConversion_StoredAggregatesLoseTheBucketsLrsRiskAndEqualLive()
    {
        await using var host = await CoreTestHost.StartAsync();
        var lrsRule = CheckItems.OssLrsInZrsRegion.RuleId;
        Assert.Contains(await host.StoredResultsAsync(AuditLogs), r => r.RuleId == lrsRule && r.Status == CheckStatus.Failed);
        var before = await StoredAsync(host);

        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs);
        host.Clock.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(1, await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync());

        // The risk clears when the conversion starts; finishing it must not bring the risk back.
        var after = await AssertStoredEqualsLiveAsync(host);
        Assert.Equal(Redundancy.Zrs, (await host.FindBucketAsync(AuditLogs)).Redundancy);
        Assert.DoesNotContain(await host.StoredResultsAsync(AuditLogs), r => r.RuleId == lrsRule);
        Assert.Equal(before.RisksOf(SecurityId, lrsRule) - 1, after.RisksOf(SecurityId, lrsRule));
        Assert.Equal(before.Score(SecurityId, ProductType.Oss).Risks - 1, after.Score(SecurityId, ProductType.Oss).Risks);
    }

    [Fact]
    public async Task Detect_AfterProtectionChange_StoredAggregatesCatchUpWithLive()
    {
        await using var host = await StartWithSecurityManagingEveryAccountAsync();
        const string bucket = "acme-prod-web-static-assets";
        var versioned = (await host.FindBucketAsync(bucket)).VersioningEnabled;
        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.UpdateResourceAsync<OssBucket>(bucket, b => b.VersioningEnabled = !versioned);
        var before = await StoredAsync(host);

        await host.Detection().DetectAsync(Actors.Security, [ProdWebId]);

        var after = await AssertStoredEqualsLiveAsync(host);
        // Turning versioning off adds its High risk to the account; turning it on removes it.
        var change = versioned ? 1 : -1;
        Assert.Equal(before.RisksOf(ProdWebId, CheckItems.OssVersioning.RuleId) + change, after.RisksOf(ProdWebId, CheckItems.OssVersioning.RuleId));
        Assert.Equal(before.Score(ProdWebId, ProductType.Oss).Risks + change, after.Score(ProdWebId, ProductType.Oss).Risks);
        Assert.NotEqual(before.Score(ProdWebId, ProductType.Oss).ScoreSum, after.Score(ProdWebId, ProductType.Oss).ScoreSum, 6);
    }

    [Fact]
    public async Task RefreshMissingAggregates_OneAccountsRowsDeleted_RestoresThemAndLeavesOtherAccountsUntouched()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await StoredAsync(host);
        await using (var db = await host.CreateDbContextAsync())
        {
            await db.AccountProductScores.Where(s => s.AccountId == ProdDataId).ExecuteDeleteAsync();
            await db.AccountRiskCounts.Where(c => c.AccountId == ProdDataId).ExecuteDeleteAsync();
            // A value no refresh would compute: rewriting acme-dev-1's rows would erase it.
            await db.AccountProductScores.Where(s => s.AccountId == Dev1Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Resources, 9999));
        }

        await host.DetectionMaintenance().RefreshMissingAggregatesAsync();

        var after = await StoredAsync(host);
        var live = await LiveAsync(host);
        AssertSameRows(live, after, ProdDataId);
        Assert.Contains(after.Scores, s => s.AccountId == ProdDataId);
        Assert.Contains(after.Risks, r => r.AccountId == ProdDataId);
        Assert.All(after.Scores.Where(s => s.AccountId == Dev1Id), s => Assert.Equal(9999, s.Resources));
        foreach (var (accountId, _, _, _) in Accounts.Where(a => a.Id is not (ProdDataId or Dev1Id)))
            AssertSameRows(before, after, accountId);
    }
}
