using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.TwoAccountEstate;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Overview;

public class OverviewServiceTests
{
    private static async Task<int> ImportantGroupIdAsync(CoreTestHost host) =>
        (await host.ResourceGroups().ListAsync(Actors.Security)).Single(g => g.Name == "Important").Id;

    // ---- aggregated score ----

    [Fact]
    public async Task GetDashboard_TwoAccountsOfDifferentSizes_ScoreIsTheMeanOverResourcesNotOfAccountMeans()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B]));

        var expected = AScores.Concat(BScores).Average();
        Assert.Equal(49, expected, precision: 9);
        Assert.NotEqual((AScores.Average() + BScores.Average()) / 2, dashboard.Score!.Value, precision: 3);
        Assert.Equal(expected, dashboard.Score!.Value, precision: 9);
        Assert.Equal(1, dashboard.Stars);
        Assert.Equal((6, 5), (dashboard.Resources, dashboard.ScoredResources));
    }

    [Fact]
    public async Task GetDashboard_TwoAccounts_CountsRiskyCheckFailedAndExcludedResources()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B]));

        Assert.Equal((4, 1, 0), (dashboard.RiskyResources, dashboard.CheckFailedResources, dashboard.ExcludedResources));
        Assert.Equal(host.Clock.UtcNow, dashboard.LastDetectedAt);
    }

    [Fact]
    public async Task GetDashboard_TwoAccounts_ScoresEachProductOverItsResources()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B]));

        Assert.Equal([ProductType.Ecs, ProductType.Oss, ProductType.Nas, ProductType.Tablestore], dashboard.Products.Select(p => p.Product));
        Assert.Equal(new ProductScore(ProductType.Ecs, 0, 1, 1, 1) { Tally = new(1, 0) }, dashboard.Products[0]);
        var oss = dashboard.Products[1];
        Assert.Equal((100 + 85 + 0 + 60) / 4.0, oss.Score!.Value, precision: 9);
        Assert.Equal((2, 4, 4), (oss.Stars!.Value, oss.Resources, oss.ScoredResources));
        Assert.Equal(new ProductScore(ProductType.Nas, null, null, 1, 0) { Tally = new(1, 0) }, dashboard.Products[2]);
        Assert.Equal(new ProductScore(ProductType.Tablestore, null, null, 0, 0), dashboard.Products[3]);
    }

    [Fact]
    public async Task GetDashboard_TwoAccounts_CountsScoredResourcesPerBand()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B]));

        Assert.Equal(["≤60", "61–69", "70–79", "80–94", "95–100"], dashboard.Distribution.Select(b => b.Label));
        Assert.Equal([3, 0, 0, 1, 1], dashboard.Distribution.Select(b => b.Resources));
    }

    [Fact]
    public async Task GetDashboard_ScoresAtBandEdges_CountsThemByTheScoreRoundedHalfAwayFromZero()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.ClearResourcesAsync(SandboxId);
        double[] scores = [60.4, 60.5, 69.4, 69.5, 94.4, 94.5];
        await host.AddResourcesAsync(scores.Select(s => (CloudResource)Bucket(SandboxId, $"sb-{s}", redundancy: Redundancy.Zrs)).ToArray());
        await using (var db = await host.CreateDbContextAsync())
        {
            foreach (var score in scores)
                await db.Resources.Where(r => r.Id == $"sb-{score}").ExecuteUpdateAsync(u => u.SetProperty(r => r.Score, score));
        }
        await host.RefreshAggregatesAsync(SandboxId);

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Sandbox, new OverviewQuery([SandboxId]));

        Assert.Equal([1, 2, 1, 1, 1], dashboard.Distribution.Select(b => b.Resources));
        Assert.Equal(scores.Average(), dashboard.Score!.Value, precision: 9);
        Assert.Equal(ScoreBands.Stars(scores.Average()), dashboard.Stars);
    }

    [Fact]
    public async Task GetDashboard_TwoAccounts_ListsOneRowPerSelectedAccountInSelectionOrder()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([B, A]));

        Assert.Equal([B, A], dashboard.Accounts.Select(a => a.AccountId));
        var b = dashboard.Accounts[0];
        Assert.Equal(new AccountScoreRow(B, "acme-prod-data", 30, 1, 2, 2, 5) { Tally = new(2, 0) }, b);
        var a = dashboard.Accounts[1];
        Assert.Equal(("acme-prod-web", AScores.Average()), (a.AccountName, a.Score!.Value));
        Assert.Equal((2, 4, 2, 5), (a.Stars!.Value, a.Resources, a.RiskyResources, a.Risks));
    }

    [Fact]
    public async Task GetDashboard_TwoAccounts_TopRiskyResourcesLowestScoreFirst()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B]));

        Assert.Equal(["a-vm", "b-none", "b-half", "a-most"], dashboard.TopRiskyResources.Select(r => r.Name));
        Assert.Equal(new RiskyResourceRow("a-vm", "a-vm", ProductType.Ecs, A, "acme-prod-web", 0, 4, 2), dashboard.TopRiskyResources[0]);
    }

    [Fact]
    public async Task GetDashboard_OneAccount_ScoreIsThatAccountsResourceMean()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var dashboard = await host.Overview().GetDashboardAsync(Actors.ProdWeb, new OverviewQuery([A]));

        Assert.Equal(AScores.Average(), dashboard.Score!.Value, precision: 9);
        Assert.Equal(2, dashboard.Stars);
        var row = Assert.Single(dashboard.Accounts);
        Assert.Equal(dashboard.Score, row.Score);
    }

    [Fact]
    public async Task GetDashboard_DemoAccounts_AggregateEqualsTheResourceWeightedAccountScores()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [BdrcConsole.Core.Features.CrossAccount.TargetSelection.ForFolder(ProductionFolderId)]);
        string[] accounts = [SecurityId, ProdWebId, ProdDataId, PaymentsId];

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery(accounts));

        var perAccount = new List<(double Score, int Scored)>();
        foreach (var id in accounts)
        {
            var single = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([id]));
            perAccount.Add((single.Score!.Value, single.ScoredResources));
        }
        var weighted = perAccount.Sum(p => p.Score * p.Scored) / perAccount.Sum(p => p.Scored);
        Assert.Equal(weighted, dashboard.Score!.Value, precision: 9);
        Assert.Equal(perAccount.Sum(p => p.Scored), dashboard.ScoredResources);
        Assert.Equal(dashboard.ScoredResources, dashboard.Distribution.Sum(b => b.Resources));
    }

    // ---- exclusions ----

    [Fact]
    public async Task GetDashboard_ExcludedResourceAndProduct_LeftOutOfScoresAndCountedAsExcluded()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        await host.AddResourcesAsync(
            Bucket(A, "a-excluded", redundancy: Redundancy.Zrs, protection: 0),
            Tablestore(B, "b-ots"));
        await host.Detection().DetectAsync(Actors.Security, [A, B]);

        await host.Detection().SetResourceExcludedAsync(Actors.Security, "a-excluded", true);
        await host.Detection().SetProductExcludedAsync(Actors.Security, B, ProductType.Tablestore, true);

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B]));
        Assert.Equal(49, dashboard.Score!.Value, precision: 9);
        Assert.Equal((6, 5, 2, 4), (dashboard.Resources, dashboard.ScoredResources, dashboard.ExcludedResources, dashboard.RiskyResources));
        // b-ots is excluded with its product: counted among the resources, as excluded.
        Assert.Equal(new ProductScore(ProductType.Tablestore, null, null, 0, 0) { Tally = new(1, 1) }, dashboard.Products[3]);
        Assert.Equal(new ResourceTally(8, 2), dashboard.Tally);
        Assert.Equal([3, 0, 0, 1, 1], dashboard.Distribution.Select(b => b.Resources));
        Assert.Equal((4, 5), (dashboard.Accounts[0].Resources, dashboard.Accounts[0].Risks));
        Assert.DoesNotContain(dashboard.TopRiskyResources, r => r.Name is "a-excluded" or "b-ots");
        var risks = await host.RiskDetection().ListRisksAsync(Actors.Security, new RiskQuery([A, B]));
        Assert.Equal(10, risks.TotalCount);
    }

    [Fact]
    public async Task GetDashboard_ExclusionsLifted_ResourcesCountAgain()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        await host.AddResourcesAsync(Tablestore(B, "b-ots"));
        await host.Detection().DetectAsync(Actors.Security, [B]);
        await host.Detection().SetProductExcludedAsync(Actors.Security, B, ProductType.Tablestore, true);

        await host.Detection().SetProductExcludedAsync(Actors.Security, B, ProductType.Tablestore, false);

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B]));
        Assert.Equal(AScores.Concat(BScores).Append(0).Average(), dashboard.Score!.Value, precision: 9);
        Assert.Equal(0, dashboard.ExcludedResources);
        Assert.Equal(new ProductScore(ProductType.Tablestore, 0, 1, 1, 1) { Tally = new(1, 0) }, dashboard.Products[3]);
    }

    // ---- the resource-group filter (the documented Account A / Account B example) ----

    [Fact]
    public async Task GetDashboard_AccountsAAndBWithGroupMatchingOnlyA_ScoresOnlyAsMatchingResources()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        var important = await ImportantGroupIdAsync(host);

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B], important));

        // a-full (100) and a-vm (0): B's b-half is tagged important=false.
        Assert.Equal(50, dashboard.Score!.Value, precision: 9);
        Assert.Equal((2, 2, 1), (dashboard.Resources, dashboard.ScoredResources, dashboard.RiskyResources));
        Assert.Equal(0, dashboard.CheckFailedResources);
        Assert.Equal([A, B], dashboard.Accounts.Select(a => a.AccountId));
        Assert.Equal((50.0, 2, 4), (dashboard.Accounts[0].Score!.Value, dashboard.Accounts[0].Resources, dashboard.Accounts[0].Risks));
        Assert.Equal(new AccountScoreRow(B, "acme-prod-data", null, null, 0, 0, 0), dashboard.Accounts[1]);
        Assert.Equal(["a-vm"], dashboard.TopRiskyResources.Select(r => r.Name));
        Assert.Equal([1, 0, 0, 0, 1], dashboard.Distribution.Select(b => b.Resources));
    }

    [Fact]
    public async Task GetDashboard_GroupCreatedByTheAdministratorAcrossAccounts_ScoresItsMatchesInTheSelectedAccounts()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        var gold = await host.ResourceGroups().CreateAsync(Actors.Security,
            new ResourceGroupInput("gold tier", null, new TagMatcher(MatchMode.All, [new TagConditionInput("tier", TagOperator.Equal, "gold")])));

        var both = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B], gold));
        var onlyB = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([B], gold));

        Assert.Equal(30, both.Score!.Value, precision: 9);
        Assert.Equal(2, both.Resources);
        Assert.Equal(60, onlyB.Score!.Value, precision: 9);
        Assert.Equal(1, onlyB.Resources);
    }

    [Fact]
    public async Task GetDashboard_AnotherAccountsGroup_NotFound()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        var webGroup = await host.ResourceGroups().CreateAsync(Actors.ProdWeb,
            new ResourceGroupInput("web important", null, new TagMatcher(MatchMode.All, [new TagConditionInput("important", TagOperator.Equal, "true")])));
        var important = await ImportantGroupIdAsync(host);

        await Assert.ThrowsAsync<NotFoundException>(() => host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B], webGroup)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Overview().GetDashboardAsync(Actors.ProdWeb, new OverviewQuery([A], important)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.RiskDetection().ListRisksAsync(Actors.Security, new RiskQuery([A]) { ResourceGroupId = webGroup }));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A], 999_999)));
    }

    // ---- trend ----

    [Fact]
    public async Task GetDashboard_Trend_IsTheResourceWeightedMeanOfTheAccountsSnapshotsPerDay()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        await host.ClearSnapshotsAsync();
        await using (var db = await host.CreateDbContextAsync())
        {
            var at = host.Clock.UtcNow;
            db.ScoreSnapshots.AddRange(
                new ScoreSnapshot { AccountId = A, Day = "2026-11-25", TakenAt = at, Score = 80, ScoredResources = 3, Risks = 1 },
                new ScoreSnapshot { AccountId = B, Day = "2026-11-25", TakenAt = at, Score = 40, ScoredResources = 1, Risks = 1 },
                new ScoreSnapshot { AccountId = A, Day = "2026-11-26", TakenAt = at, Score = 90, ScoredResources = 3, Risks = 1 },
                new ScoreSnapshot { AccountId = B, Day = "2026-11-26", TakenAt = at, Score = null, ScoredResources = 0, Risks = 0 },
                new ScoreSnapshot { AccountId = Dev1Id, Day = "2026-11-26", TakenAt = at, Score = 0, ScoredResources = 50, Risks = 9 },
                new ScoreSnapshot { AccountId = B, Day = "2026-11-27", TakenAt = at, Score = 20, ScoredResources = 2, Risks = 1 });
            await db.SaveChangesAsync();
        }

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, B]));

        Assert.Equal([new TrendPoint("2026-11-25", 70), new TrendPoint("2026-11-26", 90), new TrendPoint("2026-11-27", 20)], dashboard.Trend);
    }

    [Fact]
    public async Task GetDashboard_DemoHistory_TrendHoldsTheLastThirtyDaysEndingWithTodaysScore()
    {
        await using var host = await CoreTestHost.StartAsync();

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Dev1, new OverviewQuery([Dev1Id]));

        Assert.Equal(OverviewService.TrendDays, dashboard.Trend.Count);
        Assert.Equal(host.Clock.UtcNow.ToString("yyyy-MM-dd"), dashboard.Trend[^1].Day);
        Assert.Equal(dashboard.Score!.Value, dashboard.Trend[^1].Score!.Value, precision: 9);
        Assert.Equal(dashboard.Trend.Select(t => t.Day).Order(StringComparer.Ordinal), dashboard.Trend.Select(t => t.Day));
    }

    // ---- who may see ----

    [Fact]
    public async Task GetDashboard_MemberAskingForAnotherAccount_NotFound()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Overview().GetDashboardAsync(Actors.ProdWeb, new OverviewQuery([B])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Overview().GetDashboardAsync(Actors.ProdWeb, new OverviewQuery([A, B])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery([A, Dev1Id])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.RiskDetection().ListRisksAsync(Actors.ProdWeb, new RiskQuery([B])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.RiskDetection().CountRisksAsync(Actors.ProdWeb, new RiskQuery([B])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Panorama().GetPanoramaAsync(Actors.ProdWeb, B));
    }

    [Fact]
    public async Task GetDashboard_NoAccounts_ValidationError()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<ValidationException>(() => host.Overview().GetDashboardAsync(Actors.Sandbox, new OverviewQuery([])));
    }
}
