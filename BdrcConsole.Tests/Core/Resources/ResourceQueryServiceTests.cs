using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;

namespace BdrcConsole.Tests.Core.Resources;

public class ResourceQueryServiceTests
{
    private static readonly DateTimeOffset Now = TestTimeProvider.DefaultStart;

    /// <summary>
    /// acme-dev-2's estate replaced by five buckets and one ECS instance whose every attribute the
    /// tests know: names sort alpha..echo; tags set traps for prefix matching ("env=production",
    /// "environment=prod"); echo is converting to ZRS, so it still counts as LRS.
    /// </summary>
    private static async Task<CoreTestHost> StartWithDev2EstateAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.ClearResourcesAsync(Dev2Id);
        var echo = Bucket(Dev2Id, "echo-backup", "cn-beijing", protection: 2, createdAt: Now.AddDays(-5), id: "oss-0005-echo", tags: [("env", "prod")]);
        echo.ConvertingSince = Now.AddSeconds(-1);
        await host.AddResourcesAsync(
            Bucket(Dev2Id, "alpha-logs", "cn-hangzhou", protection: 4, createdAt: Now.AddDays(-10), id: "oss-0001-alpha", tags: [("env", "prod"), ("app", "web")]),
            Bucket(Dev2Id, "bravo-media", "cn-shanghai", OssStorageClass.IA, Redundancy.Zrs, protection: 1, createdAt: Now.AddDays(-30), id: "oss-0002-bravo",
                tags: [("env", "production"), ("owner", "team-a")]),
            Bucket(Dev2Id, "charlie-archive", "cn-hangzhou", OssStorageClass.Archive, createdAt: Now.AddDays(-20), id: "oss-0003-charlie", tags: [("environment", "prod")]),
            Bucket(Dev2Id, "delta-exports", "cn-qingdao", createdAt: Now.AddDays(-40), id: "oss-0004-delta", tags: [("env", "dev")]),
            echo,
            Instance(Dev2Id, "i-dev2alpha0000000001", "alpha-web", tags: [("env", "prod")]));
        return host;
    }

    private static ResourceQuery Dev2Buckets => new(ProductType.Oss, [Dev2Id]);

    private static async Task<IReadOnlyList<string>> NamesAsync(CoreTestHost host, ResourceQuery query, Actor? actor = null) =>
        (await host.Resources().QueryAsync(actor ?? Actors.Dev2, query)).Items.Select(r => r.Name).ToList();

    private static async Task<CoreTestHost> StartWithSecurityManagingProductionAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        return host;
    }

    // ---- visibility ----

    [Fact]
    public async Task Query_MemberAsksForAnotherAccount_IsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().QueryAsync(Actors.Dev1, new ResourceQuery(ProductType.Ecs, [Dev2Id])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().QueryAsync(Actors.Dev1, new ResourceQuery(ProductType.Ecs, [Dev1Id, Dev2Id])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().CountByAccountAsync(Actors.Dev1, new ResourceQuery(ProductType.Ecs, [Dev2Id])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().RegionsInUseAsync(Actors.Dev1, ProductType.Ecs, [Dev2Id]));
    }

    [Fact]
    public async Task Query_ManagementAccountAsksForMember_IsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().QueryAsync(Actors.Management, new ResourceQuery(ProductType.Oss, [SecurityId])));
    }

    [Fact]
    public async Task Query_AdministratorAsksForUnmanagedAccount_IsNotFound()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [SecurityId, Dev1Id])));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [ManagementId])));
    }

    [Fact]
    public async Task Query_AdministratorAsksForOwnAndManagedAccounts_ReturnsResourcesOfExactlyThoseAccounts()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();
        string[] accounts = [SecurityId, ProdWebId, ProdDataId, PaymentsId];

        var page = await host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, accounts) { PageSize = 200 });

        await using var db = await host.CreateDbContextAsync();
        var expected = await db.OssBuckets.Where(b => accounts.Contains(b.AccountId)).Select(b => b.Id).ToListAsync();
        Assert.Equal(expected.Count, page.TotalCount);
        Assert.Equal(expected.Order(), page.Items.Select(r => r.Id).Order());
        Assert.Equal(accounts.Order(), page.Items.Select(r => r.AccountId).Distinct().Order());
        Assert.Equal("acme-prod-web", page.Items.First(r => r.AccountId == ProdWebId).AccountName);
    }

    [Fact]
    public async Task Query_SecurityBeforeBecomingAdministrator_CannotSeeProductionAccounts()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [ProdWebId])));
    }

    [Fact]
    public async Task Query_AccountLeftManagement_IsNoLongerVisibleToAdministrator()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();
        await host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [ProdWebId]));

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForAccount(SandboxId)]);

        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [ProdWebId])));
        var sandbox = await host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [SandboxId]));
        Assert.Contains(sandbox.Items, r => r.Name == "acme-sandbox-static-assets");
    }

    [Fact]
    public async Task GetDetail_ResourceOfAnotherAccount_IsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();

        var refusal = await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().GetDetailAsync(Actors.Dev1, "acme-security-audit-logs"));
        Assert.Contains("acme-security-audit-logs", refusal.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().GetDetailAsync(Actors.Dev1, "no-such-resource"));
    }

    [Fact]
    public async Task GetDetail_AdministratorAndManagedOrUnmanagedAccount_SeesOnlyTheManagedOne()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();

        var managed = await host.Resources().GetDetailAsync(Actors.Security, "acme-prod-web-static-assets");
        Assert.Equal(ProdWebId, managed.Resource.AccountId);
        Assert.Equal("acme-prod-web", managed.Resource.AccountName);
        await Assert.ThrowsAsync<NotFoundException>(() => host.Resources().GetDetailAsync(Actors.Security, "acme-dev-1-static-assets"));
    }

    [Fact]
    public async Task GetDetail_OwnInstance_ShowsSortedTagsProtectionItemsAndDisks()
    {
        await using var host = await StartWithDev2EstateAsync();

        var detail = await host.Resources().GetDetailAsync(Actors.Dev2, "i-dev2alpha0000000001");

        Assert.Equal("alpha-web", detail.Resource.Name);
        Assert.Equal(ProductType.Ecs, detail.Resource.Product);
        Assert.Equal("acme-dev-2", detail.Resource.AccountName);
        Assert.Equal("ecs.g7.large · 1 disk", detail.Resource.Specification);
        Assert.Equal([new TagPair("env", "prod")], detail.Tags);
        Assert.Equal(["d-i-dev2alpha0000000001 · System · 40 GiB · no automatic snapshot policy"], detail.Disks);
        Assert.All(detail.Protection, item => Assert.False(item.Configured));
        Assert.Empty(detail.RecoveryPoints);
    }

    // ---- filters ----

    [Fact]
    public async Task Query_NoFilters_ReturnsOnlyTheProductAskedForWithRowDetails()
    {
        await using var host = await StartWithDev2EstateAsync();

        var page = await host.Resources().QueryAsync(Actors.Dev2, Dev2Buckets);

        Assert.Equal(5, page.TotalCount);
        Assert.Equal(["alpha-logs", "bravo-media", "charlie-archive", "delta-exports", "echo-backup"], page.Items.Select(r => r.Name));
        var bravo = page.Items[1];
        Assert.Equal(new ResourceRow("oss-0002-bravo", "bravo-media", ProductType.Oss, Dev2Id, "acme-dev-2", "cn-shanghai", null,
            ProtectionStatus.PartlyProtected, Now.AddDays(-30), "IA", Redundancy.Zrs, Converting: false,
            OssStorageClass.IA, "The bucket already uses zone-redundant storage.", ZrsConversionBlocker.AlreadyZrs), bravo);
        Assert.False(bravo.CanConvertToZrs);
        Assert.True(page.Items[0].CanConvertToZrs);
        Assert.Null(page.Items[0].ZrsConversionBlockedReason);
        var echo = page.Items[4];
        Assert.True(echo.Converting);
        Assert.Equal(Redundancy.Lrs, echo.Redundancy);
        var ecs = await host.Resources().QueryAsync(Actors.Dev2, new ResourceQuery(ProductType.Ecs, [Dev2Id]));
        Assert.Equal(["alpha-web"], ecs.Items.Select(r => r.Name));
    }

    [Fact]
    public async Task Query_RegionFilter_ReturnsOnlyThatRegion()
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(["alpha-logs", "charlie-archive"], await NamesAsync(host, Dev2Buckets with { RegionId = "cn-hangzhou" }));
        Assert.Empty(await NamesAsync(host, Dev2Buckets with { RegionId = "eu-central-1" }));
    }

    [Fact]
    public async Task Query_TagKeyOnly_MatchesEveryValueOfThatKeyButNotLongerKeys()
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(["alpha-logs", "bravo-media", "delta-exports", "echo-backup"], await NamesAsync(host, Dev2Buckets with { TagKey = "env" }));
        Assert.Equal(["charlie-archive"], await NamesAsync(host, Dev2Buckets with { TagKey = "environment" }));
        Assert.Empty(await NamesAsync(host, Dev2Buckets with { TagKey = "en" }));
    }

    [Fact]
    public async Task Query_TagKeyAndValue_MatchesExactValueOnly()
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(["alpha-logs", "echo-backup"], await NamesAsync(host, Dev2Buckets with { TagKey = "env", TagValue = "prod" }));
        Assert.Equal(["bravo-media"], await NamesAsync(host, Dev2Buckets with { TagKey = "env", TagValue = "production" }));
        Assert.Empty(await NamesAsync(host, Dev2Buckets with { TagKey = "env", TagValue = "pro" }));
        // Surrounding spaces typed into the filter are ignored.
        Assert.Equal(["alpha-logs", "echo-backup"], await NamesAsync(host, Dev2Buckets with { TagKey = " env ", TagValue = " prod " }));
    }

    [Theory]
    [InlineData(ProtectionStatus.Protected, new[] { "alpha-logs" })]
    [InlineData(ProtectionStatus.PartlyProtected, new[] { "bravo-media", "echo-backup" })]
    [InlineData(ProtectionStatus.Unprotected, new[] { "charlie-archive", "delta-exports" })]
    public async Task Query_ProtectionFilter_ReturnsResourcesWithThatStatus(ProtectionStatus status, string[] expected)
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(expected, await NamesAsync(host, Dev2Buckets with { Protection = status }));
    }

    [Fact]
    public async Task Query_RedundancyFilter_CountsConvertingBucketAsLrs()
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(["bravo-media"], await NamesAsync(host, Dev2Buckets with { Redundancy = Redundancy.Zrs }));
        Assert.Equal(["alpha-logs", "charlie-archive", "delta-exports", "echo-backup"], await NamesAsync(host, Dev2Buckets with { Redundancy = Redundancy.Lrs }));
    }

    [Fact]
    public async Task Query_RedundancyFilterOnTablestore_FiltersByInstanceRedundancy()
    {
        await using var host = await StartWithDev2EstateAsync();
        await host.AddResourcesAsync(
            new TablestoreInstance { Id = "ots-dev2-zrs", AccountId = Dev2Id, Name = "ots-zrs", RegionId = "cn-hangzhou", Redundancy = Redundancy.Zrs },
            new TablestoreInstance { Id = "ots-dev2-lrs", AccountId = Dev2Id, Name = "ots-lrs", RegionId = "cn-qingdao", Redundancy = Redundancy.Lrs });
        var tablestore = new ResourceQuery(ProductType.Tablestore, [Dev2Id]);

        Assert.Equal(["ots-zrs"], await NamesAsync(host, tablestore with { Redundancy = Redundancy.Zrs }));
        Assert.Equal(["ots-lrs"], await NamesAsync(host, tablestore with { Redundancy = Redundancy.Lrs }));
        var rows = (await host.Resources().QueryAsync(Actors.Dev2, tablestore)).Items;
        Assert.Equal([Redundancy.Lrs, Redundancy.Zrs], rows.Select(r => r.Redundancy));
        Assert.All(rows, r => Assert.Equal("Tablestore instance", r.Specification));
    }

    [Fact]
    public async Task Query_SearchByNameOrId_MatchesSubstrings()
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(["bravo-media"], await NamesAsync(host, Dev2Buckets with { Search = "media" }));
        Assert.Equal(["charlie-archive"], await NamesAsync(host, Dev2Buckets with { Search = "oss-0003" }));
        Assert.Equal(["alpha-logs", "bravo-media", "charlie-archive", "delta-exports", "echo-backup"], await NamesAsync(host, Dev2Buckets with { Search = "oss-000" }));
        Assert.Equal(["alpha-web"], await NamesAsync(host, new ResourceQuery(ProductType.Ecs, [Dev2Id]) { Search = "dev2alpha" }));
        Assert.Empty(await NamesAsync(host, Dev2Buckets with { Search = "zulu" }));
    }

    [Fact]
    public async Task Query_SearchWithLikeWildcards_MatchesThemLiterally()
    {
        await using var host = await StartWithDev2EstateAsync();

        // No name or id contains '_' or '%': a search for them must find nothing, not everything.
        Assert.Empty(await NamesAsync(host, Dev2Buckets with { Search = "_" }));
        Assert.Empty(await NamesAsync(host, Dev2Buckets with { Search = "%" }));
    }

    [Fact]
    public async Task Query_SeveralFilters_AllMustHold()
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(["alpha-logs"], await NamesAsync(host, Dev2Buckets with { RegionId = "cn-hangzhou", TagKey = "env", TagValue = "prod" }));
        Assert.Equal(["echo-backup"], await NamesAsync(host, Dev2Buckets with { TagKey = "env", TagValue = "prod", Protection = ProtectionStatus.PartlyProtected }));
        Assert.Empty(await NamesAsync(host, Dev2Buckets with { RegionId = "cn-qingdao", Redundancy = Redundancy.Zrs }));
    }

    // ---- paging and sorting ----

    [Fact]
    public async Task Query_SecondPage_ReturnsNextRowsAndTotalOfAllMatches()
    {
        await using var host = await StartWithDev2EstateAsync();

        var second = await host.Resources().QueryAsync(Actors.Dev2, Dev2Buckets with { Page = 1, PageSize = 2 });
        var third = await host.Resources().QueryAsync(Actors.Dev2, Dev2Buckets with { Page = 2, PageSize = 2 });
        var beyond = await host.Resources().QueryAsync(Actors.Dev2, Dev2Buckets with { Page = 3, PageSize = 2 });

        Assert.Equal(["charlie-archive", "delta-exports"], second.Items.Select(r => r.Name));
        Assert.Equal(5, second.TotalCount);
        Assert.Equal(["echo-backup"], third.Items.Select(r => r.Name));
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.TotalCount);
    }

    [Fact]
    public async Task Query_PageOfFilteredResults_TotalCountsFilteredMatchesOnly()
    {
        await using var host = await StartWithDev2EstateAsync();

        var page = await host.Resources().QueryAsync(Actors.Dev2, Dev2Buckets with { TagKey = "env", PageSize = 1, Page = 1 });

        Assert.Equal(4, page.TotalCount);
        Assert.Equal(["bravo-media"], page.Items.Select(r => r.Name));
    }

    [Theory]
    [InlineData(ResourceSortField.Name, false, new[] { "alpha-logs", "bravo-media", "charlie-archive", "delta-exports", "echo-backup" })]
    [InlineData(ResourceSortField.Name, true, new[] { "echo-backup", "delta-exports", "charlie-archive", "bravo-media", "alpha-logs" })]
    [InlineData(ResourceSortField.Region, false, new[] { "echo-backup", "alpha-logs", "charlie-archive", "delta-exports", "bravo-media" })]
    [InlineData(ResourceSortField.Region, true, new[] { "bravo-media", "delta-exports", "alpha-logs", "charlie-archive", "echo-backup" })]
    [InlineData(ResourceSortField.CreatedAt, false, new[] { "delta-exports", "bravo-media", "charlie-archive", "alpha-logs", "echo-backup" })]
    [InlineData(ResourceSortField.CreatedAt, true, new[] { "echo-backup", "alpha-logs", "charlie-archive", "bravo-media", "delta-exports" })]
    public async Task Query_SortBy_OrdersRowsThenByName(ResourceSortField field, bool descending, string[] expected)
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(expected, await NamesAsync(host, Dev2Buckets with { SortBy = field, Descending = descending }));
    }

    /// <summary>
    /// Sorting by protection status orders by how protected a resource is (Unprotected → Partly protected →
    /// Protected, or the reverse), not by the alphabetical order of the status names.
    /// </summary>
    [Theory]
    [InlineData(false, new[] { "charlie-archive", "delta-exports", "bravo-media", "echo-backup", "alpha-logs" })]
    [InlineData(true, new[] { "alpha-logs", "bravo-media", "echo-backup", "charlie-archive", "delta-exports" })]
    public async Task Query_SortByProtectionStatus_OrdersByProtectionLevel(bool descending, string[] expected)
    {
        await using var host = await StartWithDev2EstateAsync();

        Assert.Equal(expected, await NamesAsync(host, Dev2Buckets with { SortBy = ResourceSortField.ProtectionStatus, Descending = descending }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Query_SortByAccount_GroupsRowsByAccountNameThenName(bool descending)
    {
        await using var host = await StartWithSecurityManagingProductionAsync();
        string[] accounts = [ProdWebId, SecurityId, PaymentsId];

        var page = await host.Resources().QueryAsync(Actors.Security,
            new ResourceQuery(ProductType.Oss, accounts) { SortBy = ResourceSortField.Account, Descending = descending, PageSize = 200 });

        var accountOrder = page.Items.Select(r => r.AccountName).Distinct().ToList();
        string[] expectedOrder = descending ? ["acme-security", "acme-prod-web", "acme-payments"] : ["acme-payments", "acme-prod-web", "acme-security"];
        Assert.Equal(expectedOrder, accountOrder);
        var expected = page.Items
            .OrderBy(r => accountOrder.IndexOf(r.AccountName))
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => r.Id);
        Assert.Equal(expected, page.Items.Select(r => r.Id));
        Assert.Equal(page.TotalCount, page.Items.Count);
    }

    // ---- counts and regions ----

    [Fact]
    public async Task CountByAccount_SeveralAccounts_CountsFilteredResourcesPerAccountInSelectionOrder()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();
        string[] accounts = [ProdDataId, SecurityId, ProdWebId];
        var query = new ResourceQuery(ProductType.Ecs, accounts) { TagKey = "important", TagValue = "true" };

        var counts = await host.Resources().CountByAccountAsync(Actors.Security, query);

        await using var db = await host.CreateDbContextAsync();
        var instances = await db.EcsInstances.AsNoTracking().Where(r => accounts.Contains(r.AccountId)).ToListAsync();
        Assert.Equal(accounts, counts.Select(c => c.AccountId));
        Assert.Equal(["acme-prod-data", "acme-security", "acme-prod-web"], counts.Select(c => c.AccountName));
        foreach (var count in counts)
        {
            var expected = instances.Count(r => r.AccountId == count.AccountId && r.Tags.Contains(new ResourceTag("important", "true")));
            Assert.Equal(expected, count.Count);
        }
        Assert.Equal(counts.Sum(c => c.Count), (await host.Resources().QueryAsync(Actors.Security, query)).TotalCount);
    }

    [Fact]
    public async Task CountByAccount_AccountWithoutMatches_IsListedWithZero()
    {
        await using var host = await StartWithDev2EstateAsync();

        var counts = await host.Resources().CountByAccountAsync(Actors.Dev2, new ResourceQuery(ProductType.Nas, [Dev2Id]));

        Assert.Equal([new AccountResourceCount(Dev2Id, "acme-dev-2", 0)], counts);
        Assert.Equal(2, (await host.Resources().CountByAccountAsync(Actors.Dev2, Dev2Buckets with { RegionId = "cn-hangzhou" })).Single().Count);
    }

    [Fact]
    public async Task RegionsInUse_OwnBuckets_ListsDistinctRegionsSorted()
    {
        await using var host = await StartWithDev2EstateAsync();

        var regions = await host.Resources().RegionsInUseAsync(Actors.Dev2, ProductType.Oss, [Dev2Id]);

        Assert.Equal(["cn-beijing", "cn-hangzhou", "cn-qingdao", "cn-shanghai"], regions);
    }

    // ---- bad input ----

    public static TheoryData<string, ResourceQuery> BadQueries => new()
    {
        { "page size 0", new ResourceQuery(ProductType.Oss, [Dev1Id]) { PageSize = 0 } },
        { "page size 500", new ResourceQuery(ProductType.Oss, [Dev1Id]) { PageSize = 500 } },
        { "page size 201", new ResourceQuery(ProductType.Oss, [Dev1Id]) { PageSize = ResourceQuery.MaxPageSize + 1 } },
        { "negative page", new ResourceQuery(ProductType.Oss, [Dev1Id]) { Page = -1 } },
        { "unknown region", new ResourceQuery(ProductType.Oss, [Dev1Id]) { RegionId = "mars-north-1" } },
        { "tag value without key", new ResourceQuery(ProductType.Oss, [Dev1Id]) { TagValue = "prod" } },
        { "tag value with blank key", new ResourceQuery(ProductType.Oss, [Dev1Id]) { TagKey = "  ", TagValue = "prod" } },
        { "no accounts", new ResourceQuery(ProductType.Oss, []) },
        { "over-long search", new ResourceQuery(ProductType.Oss, [Dev1Id]) { Search = new string('a', 129) } },
        { "NUL in search (SQLite's LIKE would stop there and match every row)", new ResourceQuery(ProductType.Oss, [Dev1Id]) { Search = "\0x" } },
        { "tab in tag key", new ResourceQuery(ProductType.Oss, [Dev1Id]) { TagKey = "env\t" } },
        { "over-long tag value", new ResourceQuery(ProductType.Oss, [Dev1Id]) { TagKey = "env", TagValue = new string('v', 129) } },
        { "redundancy on ECS", new ResourceQuery(ProductType.Ecs, [Dev1Id]) { Redundancy = Redundancy.Zrs } },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Query_BadInput_IsRefusedAsValidation(string because, ResourceQuery query)
    {
        await using var host = await CoreTestHost.StartAsync();

        var refusal = await Assert.ThrowsAsync<ValidationException>(() => host.Resources().QueryAsync(Actors.Dev1, query));
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message), because);
        await Assert.ThrowsAsync<ValidationException>(() => host.Resources().CountByAccountAsync(Actors.Dev1, query));
    }

    [Fact]
    public async Task Query_LargestAllowedPageSize_IsAccepted()
    {
        await using var host = await CoreTestHost.StartAsync();

        var page = await host.Resources().QueryAsync(Actors.Dev1, new ResourceQuery(ProductType.Ecs, [Dev1Id]) { PageSize = ResourceQuery.MaxPageSize });

        Assert.Equal(page.TotalCount, page.Items.Count);
        Assert.True(page.TotalCount > 0);
    }
}
