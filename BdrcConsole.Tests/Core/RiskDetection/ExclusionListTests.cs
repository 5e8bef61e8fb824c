using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.RiskDetection;

/// <summary>What an account excluded from checks is listed, so that it can be included again.</summary>
public class ExclusionListTests
{
    private static async Task<List<string>> ResourceIdsAsync(CoreTestHost host, string accountId, int count)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.Resources.Where(r => r.AccountId == accountId && r.Product != ProductType.Nas).OrderBy(r => r.Id).Select(r => r.Id).Take(count).ToListAsync();
    }

    [Fact]
    public async Task ListExclusions_ResourcesAndAProductExcluded_ListsResourcesByNameInPagesAndTheProductWithItsResourceCount()
    {
        await using var host = await CoreTestHost.StartAsync();
        var ids = await ResourceIdsAsync(host, SandboxId, 3);
        foreach (var id in ids)
            await host.Detection().SetResourceExcludedAsync(Actors.Sandbox, id, excluded: true);
        await host.Detection().SetProductExcludedAsync(Actors.Sandbox, SandboxId, ProductType.Nas, excluded: true);
        await using var db = await host.CreateDbContextAsync();
        var names = await db.Resources.Where(r => ids.Contains(r.Id)).OrderBy(r => r.Name).ThenBy(r => r.Id).Select(r => r.Name).ToListAsync();
        var nasCount = await db.Resources.CountAsync(r => r.AccountId == SandboxId && r.Product == ProductType.Nas);

        var first = await host.RiskDetection().ListExclusionsAsync(Actors.Sandbox, [SandboxId], page: 0, pageSize: 2);
        var second = await host.RiskDetection().ListExclusionsAsync(Actors.Sandbox, [SandboxId], page: 1, pageSize: 2);

        Assert.Equal(3, first.TotalResources);
        Assert.Equal(names, first.Resources.Concat(second.Resources).Select(r => r.Name));
        Assert.All(first.Resources, r => Assert.Equal((SandboxId, "acme-sandbox"), (r.AccountId, r.AccountName)));
        var product = Assert.Single(first.Products);
        Assert.Equal((SandboxId, ProductType.Nas, nasCount), (product.AccountId, product.Product, product.Resources));
        Assert.True(nasCount > 0);
    }

    [Fact]
    public async Task ListExclusions_IncludedAgain_LeavesTheList()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = (await ResourceIdsAsync(host, SandboxId, 1)).Single();
        await host.Detection().SetResourceExcludedAsync(Actors.Sandbox, id, excluded: true);
        await host.Detection().SetProductExcludedAsync(Actors.Sandbox, SandboxId, ProductType.Oss, excluded: true);

        await host.Detection().SetResourceExcludedAsync(Actors.Sandbox, id, excluded: false);
        await host.Detection().SetProductExcludedAsync(Actors.Sandbox, SandboxId, ProductType.Oss, excluded: false);

        var list = await host.RiskDetection().ListExclusionsAsync(Actors.Sandbox, [SandboxId]);
        Assert.Equal((0, 0, 0), (list.TotalResources, list.Resources.Count, list.Products.Count));
    }

    [Fact]
    public async Task ListExclusions_AnotherAccountsExclusions_AreRefusedAsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = (await ResourceIdsAsync(host, SandboxId, 1)).Single();
        await host.Detection().SetResourceExcludedAsync(Actors.Sandbox, id, excluded: true);

        await Assert.ThrowsAsync<NotFoundException>(() => host.RiskDetection().ListExclusionsAsync(Actors.Dev1, [SandboxId]));
        Assert.Equal(0, (await host.RiskDetection().ListExclusionsAsync(Actors.Dev1, [Dev1Id])).TotalResources);
        await Assert.ThrowsAsync<ValidationException>(() => host.RiskDetection().ListExclusionsAsync(Actors.Sandbox, [SandboxId], page: -1));
    }
}
