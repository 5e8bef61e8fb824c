using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Directory;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.Panorama;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.Reports;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Core.Features.TrustedServices;
using BdrcConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.Access;

/// <summary>
/// Every public operation of the Core services × every kind of acting account, allowed or refused as
/// docs/rules.md §1–4 say. A refusal must be a typed error and write nothing but its refusal audit
/// entry. The operations are found by reflection, so a new public operation without a row here fails.
/// </summary>
/// <remarks>
/// The estate: acme-security is the BDRC delegated administrator with cross-account management
/// enabled, managing folder Root/Production and account acme-sandbox. The operations aim at
/// acme-prod-web's data (managed through the folder) or at what only one role may change.
/// </remarks>
public class AuthorizationMatrixTests
{
    public enum Who
    {
        Management,
        Administrator,
        ManagedMember,
        UnmanagedMember,
        UnknownAccount,
    }

    private static readonly Who[] Everyone = Enum.GetValues<Who>();
    private static readonly Who[] KnownAccounts = [Who.Management, Who.Administrator, Who.ManagedMember, Who.UnmanagedMember];
    private static readonly Who[] ManagementOnly = [Who.Management];
    private static readonly Who[] AdministratorOnly = [Who.Administrator];
    /// <summary>Who may see acme-prod-web's data: its administrator and itself.</summary>
    private static readonly Who[] SeeProdWeb = [Who.Administrator, Who.ManagedMember];

    private static Actor ActorOf(Who who) => who switch
    {
        Who.Management => Actors.Management,
        Who.Administrator => Actors.Security,
        Who.ManagedMember => Actors.ProdWeb,
        Who.UnmanagedMember => Actors.Dev1,
        _ => new Actor("nobody@acme.test", "1536000000009999"),
    };

    /// <summary>What a row's calls aim at, found after the estate is set up.</summary>
    private sealed class Estate(CoreTestHost host)
    {
        public CoreTestHost Host { get; } = host;
        public string ProdWebResourceId { get; set; } = "";
        public string ProdWebConvertibleBucketId { get; set; } = "";
        public int AdministratorGroupId { get; set; }
        /// <summary>A protection policy of the administrator bound to its first group; 0 until a row's Prepare creates it.</summary>
        public int AdministratorPolicyId { get; set; }
        public string EmptyFolderId { get; set; } = "";

        public T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();
    }

    /// <summary>
    /// One operation: how to call it, who is allowed, and what else its estate needs. A refusal is
    /// <see cref="AccessDeniedException"/> or <see cref="NotFoundException"/>; <paramref name="RefusedByRule"/>
    /// also accepts <see cref="RuleViolationException"/> where the product refuses through a rule
    /// (enabling cross-account management is a prerequisite check that names what is missing).
    /// </summary>
    private sealed record Row(
        Func<Estate, Actor, Task> Call,
        Who[] Allowed,
        bool CrossAccountEnabled = true,
        int MaxDelegatedAdministrators = 1,
        Func<Estate, Task>? Prepare = null,
        bool RefusedByRule = false);

    private static readonly TargetSelection[] Targets =
        [new(ManagementTargetKind.Folder, ProductionFolderId), new(ManagementTargetKind.Account, SandboxId)];

    private static readonly TagMatcher ImportantMatcher = new(MatchMode.All, [new("important", TagOperator.Equal, "true")]);

    private static readonly IReadOnlyDictionary<string, Row> Matrix = new Dictionary<string, Row>
    {
        ["AccessService.GetAccessAsync"] = new((e, a) => e.Service<AccessService>().GetAccessAsync(a), KnownAccounts),
        ["AccessService.GetVisibleAccountsAsync"] = new((e, a) => e.Service<AccessService>().GetVisibleAccountsAsync(a), KnownAccounts),
        ["AccessService.GetVisibleAccountDirectoryAsync"] = new((e, a) => e.Service<AccessService>().GetVisibleAccountDirectoryAsync(a), KnownAccounts),
        ["AccessService.EnsureVisibleAsync"] = new((e, a) => e.Service<AccessService>().EnsureVisibleAsync(a, [ProdWebId]), SeeProdWeb),

        ["AuditService.ListAsync"] = new((e, a) => e.Service<AuditService>().ListAsync(a, new AuditQuery()), KnownAccounts),

        ["CrossAccountService.CheckPrerequisitesAsync"] = new((e, a) => e.Service<CrossAccountService>().CheckPrerequisitesAsync(a), KnownAccounts),
        ["CrossAccountService.GetStatusAsync"] = new((e, a) => e.Service<CrossAccountService>().GetStatusAsync(a), KnownAccounts),
        ["CrossAccountService.GetManagerAsync"] = new((e, a) => e.Service<CrossAccountService>().GetManagerAsync(a), KnownAccounts),
        ["CrossAccountService.EnableAsync"] = new((e, a) => e.Service<CrossAccountService>().EnableAsync(a), AdministratorOnly,
            CrossAccountEnabled: false, RefusedByRule: true),
        ["CrossAccountService.ListManagedAccountsAsync"] = new((e, a) => e.Service<CrossAccountService>().ListManagedAccountsAsync(a), AdministratorOnly),
        ["CrossAccountService.GetConfigurationAsync"] = new((e, a) => e.Service<CrossAccountService>().GetConfigurationAsync(a), AdministratorOnly),
        ["CrossAccountService.SaveTargetsAsync"] = new((e, a) => e.Service<CrossAccountService>().SaveTargetsAsync(a,
            [.. Targets, new(ManagementTargetKind.Account, Dev2Id)]), AdministratorOnly),
        ["CrossAccountService.PreviewTargetsAsync"] = new((e, a) => e.Service<CrossAccountService>().PreviewTargetsAsync(a,
            [.. Targets, new(ManagementTargetKind.Account, Dev2Id)]), AdministratorOnly),
        ["CrossAccountService.RemoveFromManagementAsync"] = new((e, a) => e.Service<CrossAccountService>().RemoveFromManagementAsync(a, SandboxId), AdministratorOnly),

        ["ResourceDirectoryService.GetTreeAsync"] = new((e, a) => e.Service<ResourceDirectoryService>().GetTreeAsync(a), [Who.Management, Who.Administrator]),
        ["ResourceDirectoryService.CreateFolderAsync"] = new((e, a) => e.Service<ResourceDirectoryService>().CreateFolderAsync(a, RootFolderId, "Matrix new"), ManagementOnly),
        ["ResourceDirectoryService.RenameFolderAsync"] = new((e, a) => e.Service<ResourceDirectoryService>().RenameFolderAsync(a, e.EmptyFolderId, "Matrix renamed"), ManagementOnly),
        ["ResourceDirectoryService.DeleteFolderAsync"] = new((e, a) => e.Service<ResourceDirectoryService>().DeleteFolderAsync(a, e.EmptyFolderId), ManagementOnly),
        ["ResourceDirectoryService.CreateMemberAsync"] = new((e, a) => e.Service<ResourceDirectoryService>().CreateMemberAsync(a, "acme-matrix", DevelopmentFolderId), ManagementOnly),
        ["ResourceDirectoryService.InviteAccountAsync"] = new((e, a) => e.Service<ResourceDirectoryService>().InviteAccountAsync(a, "1536000000009876", "acme-invited", DevelopmentFolderId), ManagementOnly),
        ["ResourceDirectoryService.MoveAccountAsync"] = new((e, a) => e.Service<ResourceDirectoryService>().MoveAccountAsync(a, Dev2Id, ProductionFolderId), ManagementOnly),
        ["ResourceDirectoryService.RemoveMemberAsync"] = new((e, a) => e.Service<ResourceDirectoryService>().RemoveMemberAsync(a, Dev2Id), ManagementOnly),

        ["TrustedServiceService.ListAsync"] = new((e, a) => e.Service<TrustedServiceService>().ListAsync(a), ManagementOnly),
        ["TrustedServiceService.GetBdrcAsync"] = new((e, a) => e.Service<TrustedServiceService>().GetBdrcAsync(a), ManagementOnly),
        ["TrustedServiceService.AddDelegatedAdministratorAsync"] = new((e, a) => e.Service<TrustedServiceService>().AddDelegatedAdministratorAsync(a, Dev2Id), ManagementOnly,
            MaxDelegatedAdministrators: 2),
        ["TrustedServiceService.RemoveDelegatedAdministratorAsync"] = new((e, a) => e.Service<TrustedServiceService>().RemoveDelegatedAdministratorAsync(a, Dev2Id), ManagementOnly,
            MaxDelegatedAdministrators: 2, Prepare: e => e.Service<TrustedServiceService>().AddDelegatedAdministratorAsync(Actors.Management, Dev2Id)),

        ["ResourceQueryService.QueryAsync"] = new((e, a) => e.Service<ResourceQueryService>().QueryAsync(a, new ResourceQuery(ProductType.Ecs, [ProdWebId])), SeeProdWeb),
        ["ResourceQueryService.CountByAccountAsync"] = new((e, a) => e.Service<ResourceQueryService>().CountByAccountAsync(a, new ResourceQuery(ProductType.Oss, [ProdWebId])), SeeProdWeb),
        ["ResourceQueryService.RegionsInUseAsync"] = new((e, a) => e.Service<ResourceQueryService>().RegionsInUseAsync(a, ProductType.Ecs, [ProdWebId]), SeeProdWeb),
        ["ResourceQueryService.GetDetailAsync"] = new((e, a) => e.Service<ResourceQueryService>().GetDetailAsync(a, e.ProdWebResourceId), SeeProdWeb),

        ["HighAvailabilityService.SummarizeAsync"] = new((e, a) => e.Service<HighAvailabilityService>().SummarizeAsync(a, [ProdWebId]), SeeProdWeb),
        // The administrator sees the bucket but may not convert it: only its own account converts.
        ["HighAvailabilityService.StartZrsConversionAsync"] = new((e, a) => e.Service<HighAvailabilityService>().StartZrsConversionAsync(a, e.ProdWebConvertibleBucketId), [Who.ManagedMember]),

        ["ResourceGroupService.ListAsync"] = new((e, a) => e.Service<ResourceGroupService>().ListAsync(a), KnownAccounts),
        ["ResourceGroupService.GetAsync"] = new((e, a) => e.Service<ResourceGroupService>().GetAsync(a, e.AdministratorGroupId), AdministratorOnly),
        ["ResourceGroupService.DetectAsync"] = new((e, a) => e.Service<ResourceGroupService>().DetectAsync(a, ImportantMatcher), KnownAccounts),
        ["ResourceGroupService.MatchingResourceIdsAsync"] = new((e, a) => e.Service<ResourceGroupService>().MatchingResourceIdsAsync(a, e.AdministratorGroupId, [ProdWebId]), AdministratorOnly),
        ["ResourceGroupService.CreateAsync"] = new((e, a) => e.Service<ResourceGroupService>().CreateAsync(a, new ResourceGroupInput("Matrix group", null, ImportantMatcher)), KnownAccounts),
        ["ResourceGroupService.UpdateAsync"] = new((e, a) => e.Service<ResourceGroupService>().UpdateAsync(a, e.AdministratorGroupId, new ResourceGroupInput("Matrix renamed", null, ImportantMatcher)), AdministratorOnly),
        ["ResourceGroupService.DeleteAsync"] = new((e, a) => e.Service<ResourceGroupService>().DeleteAsync(a, e.AdministratorGroupId), AdministratorOnly),

        ["DetectionService.DetectAsync"] = new((e, a) => e.Service<DetectionService>().DetectAsync(a, [ProdWebId]), SeeProdWeb),
        ["DetectionService.RedetectAllAsync"] = new((e, a) => e.Service<DetectionService>().RedetectAllAsync(a, [ProdWebId]), SeeProdWeb),
        ["DetectionService.CountWorkAsync"] = new((e, a) => e.Service<DetectionService>().CountWorkAsync(a, [ProdWebId]), SeeProdWeb),
        ["DetectionService.SetResourceExcludedAsync"] = new((e, a) => e.Service<DetectionService>().SetResourceExcludedAsync(a, e.ProdWebResourceId, true), SeeProdWeb),
        ["DetectionService.SetProductExcludedAsync"] = new((e, a) => e.Service<DetectionService>().SetProductExcludedAsync(a, ProdWebId, ProductType.Oss, true), SeeProdWeb),

        ["OverviewService.GetDashboardAsync"] = new((e, a) => e.Service<OverviewService>().GetDashboardAsync(a, new OverviewQuery([ProdWebId])), SeeProdWeb),
        ["RiskDetectionService.ListRisksAsync"] = new((e, a) => e.Service<RiskDetectionService>().ListRisksAsync(a, new RiskQuery([ProdWebId])), SeeProdWeb),
        ["RiskDetectionService.CountRisksAsync"] = new((e, a) => e.Service<RiskDetectionService>().CountRisksAsync(a, new RiskQuery([ProdWebId])), SeeProdWeb),
        ["RiskDetectionService.ListExclusionsAsync"] = new((e, a) => e.Service<RiskDetectionService>().ListExclusionsAsync(a, [ProdWebId]), SeeProdWeb),
        ["ProtectionPolicyService.ListAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().ListAsync(a), KnownAccounts),
        ["ProtectionPolicyService.GetAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().GetAsync(a, e.AdministratorPolicyId), AdministratorOnly, Prepare: CreateAdministratorPolicyAsync),
        ["ProtectionPolicyService.PreviewAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().PreviewAsync(a, MatrixPolicy(e), [ProdWebId]), AdministratorOnly),
        ["ProtectionPolicyService.CreateAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().CreateAsync(a, MatrixPolicy(e)), AdministratorOnly),
        ["ProtectionPolicyService.UpdateAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().UpdateAsync(a, e.AdministratorPolicyId, MatrixPolicy(e) with { Version = 1 }),
            AdministratorOnly, Prepare: CreateAdministratorPolicyAsync),
        ["ProtectionPolicyService.SetPausedAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().SetPausedAsync(a, e.AdministratorPolicyId, true), AdministratorOnly, Prepare: CreateAdministratorPolicyAsync),
        ["ProtectionPolicyService.DescribeDeletionAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().DescribeDeletionAsync(a, e.AdministratorPolicyId), AdministratorOnly, Prepare: CreateAdministratorPolicyAsync),
        ["ProtectionPolicyService.DeleteAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().DeleteAsync(a, e.AdministratorPolicyId), AdministratorOnly, Prepare: CreateAdministratorPolicyAsync),
        ["ProtectionPolicyService.ListApplicationsAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().ListApplicationsAsync(a, new ApplicationQuery(e.AdministratorPolicyId, AccountId: ProdWebId)),
            AdministratorOnly, Prepare: CreateAdministratorPolicyAsync),
        ["ProtectionPolicyService.GetProtectionSourcesAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().GetProtectionSourcesAsync(a, e.ProdWebResourceId), SeeProdWeb),

        // Only the resource's own account edits its tags; its administrator sees the resource but is refused.
        ["ResourceTagService.SetTagAsync"] = new((e, a) => e.Service<ResourceTagService>().SetTagAsync(a, e.ProdWebResourceId, "matrix", "yes"), [Who.ManagedMember]),
        ["ResourceTagService.RemoveTagAsync"] = new((e, a) => e.Service<ResourceTagService>().RemoveTagAsync(a, e.ProdWebResourceId, "matrix"), [Who.ManagedMember],
            Prepare: e => e.Service<ResourceTagService>().SetTagAsync(Actors.ProdWeb, e.ProdWebResourceId, "matrix", "yes")),

        ["PanoramaService.GetPanoramaAsync"] = new((e, a) => e.Service<PanoramaService>().GetPanoramaAsync(a, ProdWebId), SeeProdWeb),

        // Only a policy's owner sees its executions or runs it.
        ["ProtectionPolicyService.ListExecutionsAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().ListExecutionsAsync(a, e.AdministratorPolicyId), AdministratorOnly,
            Prepare: AddAdministratorPolicyAsync),
        ["ProtectionPolicyService.RunNowAsync"] = new((e, a) => e.Service<ProtectionPolicyService>().RunNowAsync(a, e.AdministratorPolicyId), AdministratorOnly,
            Prepare: AddAdministratorPolicyAsync),

        // Every known account reads and marks its own messages (none of another's: PolicyMessageServiceTests).
        ["PolicyMessageService.ListAsync"] = new((e, a) => e.Service<PolicyMessageService>().ListAsync(a, new MessageQuery()), KnownAccounts),
        ["PolicyMessageService.CountUnreadAsync"] = new((e, a) => e.Service<PolicyMessageService>().CountUnreadAsync(a), KnownAccounts),
        ["PolicyMessageService.MarkReadAsync"] = new((e, a) => e.Service<PolicyMessageService>().MarkReadAsync(a, [1]), KnownAccounts),
        ["PolicyMessageService.MarkAllReadAsync"] = new((e, a) => e.Service<PolicyMessageService>().MarkAllReadAsync(a), KnownAccounts),
        ["ProtectionReportService.BuildAsync"] = new((e, a) => e.Service<ProtectionReportService>().BuildAsync(a, new ProtectionReportRequest([ProdWebId])), SeeProdWeb),
        ["ProtectionReportService.GeneratePdfAsync"] = new((e, a) => e.Service<ProtectionReportService>().GeneratePdfAsync(a, new ProtectionReportRequest([ProdWebId])), SeeProdWeb),
    };

    /// <summary>A valid policy over the administrator's group (another account's group would be refused as not found).</summary>
    private static PolicyInput MatrixPolicy(Estate e) => new("Matrix policy", null, [e.AdministratorGroupId], [new SubPolicyInput(SubPolicyKind.OssVersioning)]);

    private static async Task CreateAdministratorPolicyAsync(Estate e) =>
        e.AdministratorPolicyId = await e.Service<ProtectionPolicyService>().CreateAsync(Actors.Security,
            new PolicyInput("Administrator policy", null, [e.AdministratorGroupId], [new SubPolicyInput(SubPolicyKind.OssVersioning)]));

    /// <summary>A policy of the administrator with a scheduled sub-policy applied to a resource of acme-prod-web, written directly.</summary>
    private static async Task AddAdministratorPolicyAsync(Estate estate)
    {
        await using var db = await estate.Host.CreateDbContextAsync();
        var now = estate.Host.Clock.GetUtcNow();
        var subPolicy = new SubPolicy { Kind = SubPolicyKind.CloudBackupEcs, CronExpression = "0 2 * * *", RetentionDays = 7 };
        var policy = new ProtectionPolicy { OwnerAccountId = SecurityId, Name = "Matrix policy", CreatedAt = now, UpdatedAt = now, SubPolicies = [subPolicy] };
        db.ProtectionPolicies.Add(policy);
        await db.SaveChangesAsync();
        db.PolicyApplications.Add(new PolicyApplication
        {
            SubPolicyId = subPolicy.Id, PolicyId = policy.Id, ResourceId = estate.ProdWebResourceId, AccountId = ProdWebId,
            Status = ApplicationStatus.Succeeded, CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        estate.AdministratorPolicyId = policy.Id;
    }

    /// <summary>The public Core services: every public class named *Service under Features.</summary>
    private static IReadOnlyList<Type> CoreServices { get; } = typeof(AccessService).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Service", StringComparison.Ordinal)
            && t.Namespace?.StartsWith("BdrcConsole.Core.Features.", StringComparison.Ordinal) == true)
        .ToList();

    /// <summary>Their public instance operations (static members are pure helpers that read no data).</summary>
    private static IReadOnlyList<MethodInfo> PublicOperations { get; } = CoreServices
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => !m.IsSpecialName)
        .ToList();

    private static string NameOf(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";

    public static TheoryData<string> Operations => new(Matrix.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void PublicOperations_EveryOneHasExactlyOneMatrixRow()
    {
        var operations = PublicOperations.Select(NameOf).ToList();

        Assert.Equal(operations.Count, operations.Distinct().Count());
        Assert.Empty(operations.Except(Matrix.Keys));
        Assert.Empty(Matrix.Keys.Except(operations));
    }

    [Fact]
    public void PublicOperations_EveryOneTakesTheActorFirst()
    {
        Assert.All(PublicOperations, method =>
            Assert.True(method.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(Actor), $"{NameOf(method)} takes no Actor first."));
    }

    [Fact]
    public void ConsoleComponents_InjectOnlyCoreServicesOfTheMatrix()
    {
        var core = typeof(AccessService).Assembly;
        var injected = typeof(BdrcConsole.Components.App).Assembly.GetTypes()
            .Where(t => typeof(ComponentBase).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null && p.PropertyType.Assembly == core)
            .Select(p => p.PropertyType)
            .Distinct()
            .ToList();

        Assert.NotEmpty(injected);
        Assert.All(injected, type => Assert.Contains(type, CoreServices));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_EachKindOfAccount_AllowedOrRefusedAsTheRulesSayAndRefusalsWriteNothing(string operation)
    {
        var row = Matrix[operation];
        await using var host = await CoreTestHost.StartAsync(o => o.Configuration["Bdrc:MaxDelegatedAdministrators"] = $"{row.MaxDelegatedAdministrators}");
        var estate = await SetUpAsync(host, row);

        // Refusals first, so that each runs against the same untouched estate; then the allowed calls.
        var untouched = await FingerprintAsync(host);
        foreach (var who in Everyone.Where(w => !row.Allowed.Contains(w)))
            await AssertRefusedAsync(estate, row, who, operation, untouched);
        foreach (var who in row.Allowed)
        {
            var error = await Record.ExceptionAsync(() => row.Call(estate, ActorOf(who)));
            Assert.True(error is null, $"{operation} as {who} should be allowed but threw {error?.GetType().Name}: {error?.Message}");
        }
    }

    private static async Task AssertRefusedAsync(Estate estate, Row row, Who who, string operation, string untouched)
    {
        var lastAudit = await LastAuditIdAsync(estate.Host);

        var error = await Record.ExceptionAsync(() => row.Call(estate, ActorOf(who)));

        Assert.True(error is AccessDeniedException or NotFoundException || (row.RefusedByRule && error is RuleViolationException),
            $"{operation} as {who} should be refused but {(error is null ? "succeeded" : $"threw {error.GetType().Name}: {error.Message}")}");
        Assert.True(untouched == await FingerprintAsync(estate.Host), $"{operation} as {who} was refused but changed the database.");
        await using var db = await estate.Host.CreateDbContextAsync();
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Id > lastAudit).ToListAsync();
        Assert.All(audit, e => Assert.Equal(AuditOutcome.Refused, e.Outcome));
    }

    private static async Task<Estate> SetUpAsync(CoreTestHost host, Row row)
    {
        await host.MakeSecurityDelegatedAdministratorAsync(row.CrossAccountEnabled);
        if (row.CrossAccountEnabled)
            await host.CrossAccount.SaveTargetsAsync(Actors.Security, Targets);
        var estate = new Estate(host)
        {
            EmptyFolderId = (await host.Directory.CreateFolderAsync(Actors.Management, RootFolderId, "Matrix")).Id,
        };
        await using (var db = await host.CreateDbContextAsync())
        {
            estate.ProdWebResourceId = await db.Resources.Where(r => r.AccountId == ProdWebId).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            estate.ProdWebConvertibleBucketId = (await db.OssBuckets.AsNoTracking().Where(b => b.AccountId == ProdWebId).ToListAsync())
                .First(b => HighAvailabilityService.ConversionEligibility(Actors.ProdWeb, b.AccountId, b.RegionId, b.StorageClass, b.Redundancy, b.ConvertingSince is not null).Blocker is null).Id;
            estate.AdministratorGroupId = await db.ResourceGroups.Where(g => g.OwnerAccountId == SecurityId).OrderBy(g => g.Id).Select(g => g.Id).FirstAsync();
        }
        if (row.Prepare is not null)
            await row.Prepare(estate);
        return estate;
    }

    private static async Task<long> LastAuditIdAsync(CoreTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0;
    }

    /// <summary>
    /// A hash of every row of every table but the audit trail (where refusals are recorded). Rows are hashed in
    /// the order of their text, so the fingerprint does not depend on the engine's storage order.
    /// </summary>
    private static async Task<string> FingerprintAsync(CoreTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var auditTable = db.Model.FindEntityType(typeof(AuditEntry))!.GetTableName();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = TestEngine.IsPostgreSql
                ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables.Where(t => t != auditTable))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            hash.AppendData(Encoding.UTF8.GetBytes($"\u0001{table}"));
            var rows = new List<string>();
            while (await reader.ReadAsync())
                rows.Add(string.Concat(Enumerable.Range(0, reader.FieldCount).Select(i => $"\u0002{reader.GetValue(i)}")));
            foreach (var row in rows.Order(StringComparer.Ordinal))
                hash.AppendData(Encoding.UTF8.GetBytes(row));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
