using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.CrossAccount;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// acme-security manages Production; account A (acme-prod-web) and account B (acme-prod-data) hold
/// only these detected resources (all buckets ZRS, so no high-availability risk):
/// <list type="bullet">
/// <item>A: a-full 100 (important=true); a-most 85 (vault replication fails, Low); a-vm 0 (ECS, nothing:
/// 2 High + 2 Medium; important=true, tier=gold); a-broken (NAS whose check failed, no score).</item>
/// <item>B: b-none 0 (versioning High, backup High, CRR Medium; vault not applicable); b-half 60
/// (CRR Medium, vault Low; important=false, tier=gold).</item>
/// </list>
/// Resource mean 49 (A 61.67 over 3 scored, B 30 over 2); 10 risks: 4 High, 4 Medium, 2 Low; 6 OSS, 4 ECS.
/// </summary>
internal static class TwoAccountEstate
{
    public const string A = ProdWebId;
    public const string B = ProdDataId;
    public static readonly double[] AScores = [100, 85, 0];
    public static readonly double[] BScores = [0, 60];

    public static async Task<CoreTestHost> StartAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        await host.ClearResourcesAsync(A);
        await host.ClearResourcesAsync(B);
        var broken = Nas(A, "a-broken", cloudBackup: true);
        broken.CheckError = "DescribeFileSystems was refused.";
        await host.AddResourcesAsync(
            Bucket(A, "a-full", redundancy: Redundancy.Zrs, protection: 4, tags: [("important", "true")]),
            Bucket(A, "a-most", redundancy: Redundancy.Zrs, protection: 3),
            Ecs(A, "a-vm", tags: [("important", "true"), ("tier", "gold")]),
            broken,
            Bucket(B, "b-none", redundancy: Redundancy.Zrs, protection: 0),
            Bucket(B, "b-half", redundancy: Redundancy.Zrs, protection: 2, tags: [("important", "false"), ("tier", "gold")]));
        await host.Detection().DetectAsync(Actors.Security, [A, B]);
        return host;
    }
}
