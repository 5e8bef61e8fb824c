using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using static BdrcConsole.Tests.TestSupport.TwoAccountEstate;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.RiskDetection;

/// <summary>Risk Detection's list and counts (<see cref="RiskDetectionService.ListRisksAsync"/>, <see cref="RiskDetectionService.CountRisksAsync"/>).</summary>
public class RiskListTests
{
    /// <summary>Every risk of <see cref="TwoAccountEstate"/> in the default order: severity High first, then resource name, then rule.</summary>
    private static readonly string[] BySeverityDescending =
    [
        "a-vm ecs-recent-recovery-point", "a-vm ecs-snapshot", "b-none oss-backup", "b-none oss-versioning",
        "a-vm ecs-cross-region-copy", "a-vm ecs-file-db-backup", "b-half oss-cross-region-replication", "b-none oss-cross-region-replication",
        "a-most oss-vault-replication", "b-half oss-vault-replication",
    ];

    private static RiskQuery Query => new([A, B]);

    private static async Task<RiskPage> ListAsync(CoreTestHost host, RiskQuery query) => await host.RiskDetection().ListRisksAsync(Actors.Security, query);

    private static IEnumerable<string> Keys(RiskPage page) => page.Items.Select(r => $"{r.ResourceName} {r.RuleId}");

    private static async Task<int> ImportantGroupIdAsync(CoreTestHost host) =>
        (await host.ResourceGroups().ListAsync(Actors.Security)).Single(g => g.Name == "Important").Id;

    [Fact]
    public async Task ListRisks_DefaultQuery_EveryFailedItemHighFirst()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var page = await ListAsync(host, Query);

        Assert.Equal(10, page.TotalCount);
        Assert.Equal(BySeverityDescending, Keys(page));
    }

    [Fact]
    public async Task ListRisks_Row_CarriesTheItemsTitleRecommendationAndAccountName()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var row = (await ListAsync(host, Query with { RuleId = "oss-versioning" })).Items.Single();

        var item = CheckItems.OssVersioning;
        Assert.Equal(
            new RiskRow("b-none", "b-none", ProductType.Oss, B, "acme-prod-data", item.RuleId, item.Title, RiskSeverity.High, item.Recommendation, host.Clock.UtcNow),
            row);
    }

    [Fact]
    public async Task ListRisks_AscendingSeverity_LowFirst()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var page = await ListAsync(host, Query with { Descending = false });

        Assert.Equal(
            [RiskSeverity.Low, RiskSeverity.Low, RiskSeverity.Medium, RiskSeverity.Medium, RiskSeverity.Medium, RiskSeverity.Medium,
             RiskSeverity.High, RiskSeverity.High, RiskSeverity.High, RiskSeverity.High],
            page.Items.Select(r => r.Severity));
        Assert.Equal(["a-most oss-vault-replication", "b-half oss-vault-replication"], Keys(page).Take(2));
    }

    [Fact]
    public async Task ListRisks_SortedByAccount_GroupsRowsByAccountName()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var ascending = await ListAsync(host, Query with { SortBy = RiskSortField.Account, Descending = false });
        var descending = await ListAsync(host, Query with { SortBy = RiskSortField.Account, Descending = true });

        Assert.Equal([.. Enumerable.Repeat("acme-prod-data", 5), .. Enumerable.Repeat("acme-prod-web", 5)], ascending.Items.Select(r => r.AccountName));
        Assert.Equal("acme-prod-web", descending.Items[0].AccountName);
    }

    [Fact]
    public async Task ListRisks_SortedByFirstDetected_NewestFirstWhenDescending()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.UpdateResourceAsync<OssBucket>("a-full", b => b.CrossRegionReplication = false);
        await host.Detection().DetectAsync(Actors.Security, [A]);

        var newest = await ListAsync(host, Query with { SortBy = RiskSortField.FirstDetected, Descending = true });
        var oldest = await ListAsync(host, Query with { SortBy = RiskSortField.FirstDetected, Descending = false });

        Assert.Equal("a-full oss-cross-region-replication", Keys(newest).First());
        Assert.Equal(host.Clock.UtcNow, newest.Items[0].FirstDetectedAt);
        Assert.Equal("a-full oss-cross-region-replication", Keys(oldest).Last());
        Assert.Equal(11, oldest.TotalCount);
    }

    [Theory]
    [InlineData(RiskSeverity.High, 4)]
    [InlineData(RiskSeverity.Medium, 4)]
    [InlineData(RiskSeverity.Low, 2)]
    public async Task ListRisks_SeverityFilter_OnlyThatSeverity(RiskSeverity severity, int count)
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var page = await ListAsync(host, Query with { Severity = severity });

        Assert.Equal(count, page.TotalCount);
        Assert.All(page.Items, r => Assert.Equal(severity, r.Severity));
        Assert.Equal(BySeverityDescending.Where(k => page.Items.Any(r => $"{r.ResourceName} {r.RuleId}" == k)), Keys(page));
    }

    [Fact]
    public async Task ListRisks_ProductFilter_OnlyThatProduct()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var ecs = await ListAsync(host, Query with { Product = ProductType.Ecs });
        var nas = await ListAsync(host, Query with { Product = ProductType.Nas });

        Assert.Equal(["a-vm ecs-recent-recovery-point", "a-vm ecs-snapshot", "a-vm ecs-cross-region-copy", "a-vm ecs-file-db-backup"], Keys(ecs));
        Assert.Equal(0, nas.TotalCount);
    }

    [Fact]
    public async Task ListRisks_RuleFilter_OnlyThatRuleAcrossAccounts()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var page = await ListAsync(host, Query with { RuleId = "oss-vault-replication" });

        Assert.Equal(["a-most oss-vault-replication", "b-half oss-vault-replication"], Keys(page));
        Assert.Equal([A, B], page.Items.Select(r => r.AccountId));
    }

    [Fact]
    public async Task ListRisks_UnknownRule_ValidationError()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        await Assert.ThrowsAsync<ValidationException>(() => ListAsync(host, Query with { RuleId = "oss-encryption" }));
        await Assert.ThrowsAsync<ValidationException>(() => host.RiskDetection().CountRisksAsync(Actors.Security, Query with { RuleId = "oss-encryption" }));
    }

    [Theory]
    [InlineData("half", 2)]
    [InlineData("A-VM", 4)]
    [InlineData("b-", 5)]
    [InlineData("%", 0)]
    [InlineData("nothing-like-this", 0)]
    public async Task ListRisks_Search_MatchesResourceNameOrIdCaseInsensitively(string search, int count)
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var page = await ListAsync(host, Query with { Search = search });

        Assert.Equal(count, page.TotalCount);
        Assert.All(page.Items, r => Assert.Contains(search, r.ResourceName, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ListRisks_GroupFilter_OnlyRisksOfMatchingResources()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        var important = await ImportantGroupIdAsync(host);

        var page = await ListAsync(host, Query with { ResourceGroupId = important });

        Assert.Equal(["a-vm ecs-recent-recovery-point", "a-vm ecs-snapshot", "a-vm ecs-cross-region-copy", "a-vm ecs-file-db-backup"], Keys(page));
    }

    [Fact]
    public async Task ListRisks_CombinedFilters_AllApply()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var page = await ListAsync(host, Query with { Severity = RiskSeverity.Medium, Product = ProductType.Oss, Search = "none" });

        Assert.Equal(["b-none oss-cross-region-replication"], Keys(page));
    }

    [Fact]
    public async Task ListRisks_Pages_SplitTheWholeListAndReportTheTotal()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var pages = new List<RiskPage>();
        for (var i = 0; i < 3; i++)
            pages.Add(await ListAsync(host, Query with { Page = i, PageSize = 4 }));
        var beyond = await ListAsync(host, Query with { Page = 3, PageSize = 4 });

        Assert.All(pages, p => Assert.Equal(10, p.TotalCount));
        Assert.Equal([4, 4, 2], pages.Select(p => p.Items.Count));
        Assert.Equal(BySeverityDescending, pages.SelectMany(Keys));
        Assert.Empty(beyond.Items);
        Assert.Equal(10, beyond.TotalCount);
    }

    [Theory]
    [InlineData("\0x")]
    [InlineData("a\u0001b")]
    [InlineData(null)]
    public async Task ListRisks_SearchWithControlCharacterOrTooLong_ValidationErrorNotEveryRow(string? search)
    {
        await using var host = await TwoAccountEstate.StartAsync();
        search ??= new string('x', 129);

        await Assert.ThrowsAsync<ValidationException>(() => ListAsync(host, Query with { Search = search }));
        await Assert.ThrowsAsync<ValidationException>(() => host.RiskDetection().CountRisksAsync(Actors.Security, Query with { Search = search }));
    }

    [Theory]
    [InlineData(-1, 50)]
    [InlineData(0, 0)]
    [InlineData(0, 201)]
    public async Task ListRisks_BadPaging_ValidationError(int page, int pageSize)
    {
        await using var host = await TwoAccountEstate.StartAsync();

        await Assert.ThrowsAsync<ValidationException>(() => ListAsync(host, Query with { Page = page, PageSize = pageSize }));
    }

    [Fact]
    public async Task CountRisks_NoFilter_TotalEqualsTheListAndSplitsBySeverityAndProduct()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var counts = await host.RiskDetection().CountRisksAsync(Actors.Security, Query);
        var list = await ListAsync(host, Query with { PageSize = 200 });

        Assert.Equal(list.TotalCount, counts.Total);
        Assert.Equal(10, counts.Total);
        Assert.Equal((4, 4, 2), (counts.BySeverity[RiskSeverity.High], counts.BySeverity[RiskSeverity.Medium], counts.BySeverity[RiskSeverity.Low]));
        Assert.Equal((4, 6, 0, 0), (counts.ByProduct[ProductType.Ecs], counts.ByProduct[ProductType.Oss], counts.ByProduct[ProductType.Nas], counts.ByProduct[ProductType.Tablestore]));
        Assert.Equal(counts.Total, counts.BySeverity.Values.Sum());
        Assert.Equal(counts.Total, counts.ByProduct.Values.Sum());
        Assert.Equal((0, 1), (counts.ExcludedResources, counts.CheckFailedResources));
    }

    [Fact]
    public async Task CountRisks_EachSeverityAndProduct_EqualsTheListFilteredByIt()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        var counts = await host.RiskDetection().CountRisksAsync(Actors.Security, Query);

        foreach (var severity in Enum.GetValues<RiskSeverity>())
            Assert.Equal(counts.BySeverity[severity], (await ListAsync(host, Query with { Severity = severity })).TotalCount);
        foreach (var product in Enum.GetValues<ProductType>())
            Assert.Equal(counts.ByProduct[product], (await ListAsync(host, Query with { Product = product })).TotalCount);
    }

    [Fact]
    public async Task CountRisks_GroupRuleAndSearchFilters_EqualTheFilteredList()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        var important = await ImportantGroupIdAsync(host);
        RiskQuery[] queries =
        [
            Query with { ResourceGroupId = important },
            Query with { RuleId = "oss-cross-region-replication" },
            Query with { Search = "b-" },
        ];

        foreach (var query in queries)
        {
            var counts = await host.RiskDetection().CountRisksAsync(Actors.Security, query);
            Assert.Equal((await ListAsync(host, query)).TotalCount, counts.Total);
        }
    }

    [Fact]
    public async Task CountRisks_Exclusions_LeaveTheirRisksOutAndCountTheResources()
    {
        await using var host = await TwoAccountEstate.StartAsync();

        await host.Detection().SetResourceExcludedAsync(Actors.Security, "a-vm", true);
        await host.Detection().SetProductExcludedAsync(Actors.Security, A, ProductType.Nas, true);

        var counts = await host.RiskDetection().CountRisksAsync(Actors.Security, Query);
        var list = await ListAsync(host, Query);
        Assert.Equal((6, 6), (counts.Total, list.TotalCount));
        Assert.DoesNotContain(list.Items, r => r.ResourceName == "a-vm");
        Assert.Equal((2, 0), (counts.ExcludedResources, counts.CheckFailedResources));
    }

    [Fact]
    public async Task ListRisks_HighAvailabilityRisk_ListedAsLow()
    {
        await using var host = await TwoAccountEstate.StartAsync();
        await host.AddResourcesAsync(Bucket(A, "a-lrs", protection: 4));
        await host.Detection().DetectAsync(Actors.Security, [A]);

        var page = await ListAsync(host, Query with { Search = "a-lrs" });

        var row = Assert.Single(page.Items);
        Assert.Equal(("oss-lrs-in-zrs-region", RiskSeverity.Low), (row.RuleId, row.Severity));
        Assert.Equal(100, await host.StoredScoreAsync("a-lrs"));
    }
}
