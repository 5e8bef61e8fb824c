using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Data.Seeding;

/// <summary>
/// The demo organisation's resources (docs/rules.md §9): 20–60 per account, scores that differ visibly
/// between accounts, OSS buckets that can and cannot convert to ZRS, and acme-security's own
/// resource groups "Important" and "Security team".
/// </summary>
public static class DemoEstate
{
    public const int Seed = 20261128;

    public static IReadOnlyList<EstateAccountProfile> Profiles { get; } =
    [
        new(DemoOrganisation.ManagementId, "acme-mgmt", 0.55, "prod", "governance", "platform", 0.0),
        new(DemoOrganisation.SecurityId, "acme-security", 0.9, "prod", "security", "security", 0.3),
        new(DemoOrganisation.ProdWebId, "acme-prod-web", 0.8, "prod", "web", "web-team", 0.35),
        new(DemoOrganisation.ProdDataId, "acme-prod-data", 0.65, "prod", "data", "data-team", 0.4),
        new(DemoOrganisation.PaymentsId, "acme-payments", 0.97, "prod", "payments", "payments-team", 0.6),
        new(DemoOrganisation.Dev1Id, "acme-dev-1", 0.25, "dev", "web", "dev-team", 0.05),
        new(DemoOrganisation.Dev2Id, "acme-dev-2", 0.12, "dev", "data", "dev-team", 0.0),
        new(DemoOrganisation.SandboxId, "acme-sandbox", 0.05, "mixed", "sandbox", "platform", 0.0),
    ];

    public static IReadOnlyList<CloudResource> Build(DateTimeOffset now)
    {
        var generator = new EstateGenerator(Seed, now);
        var resources = new List<CloudResource>();
        for (var ordinal = 0; ordinal < Profiles.Count; ordinal++)
        {
            var profile = Profiles[ordinal];
            var count = 20 + (int)((uint)EstateGenerator.StableHash(profile.AccountId + Seed) % 41);
            resources.AddRange(generator.Generate(profile, count, ordinal));
            resources.Add(Bucket(profile, $"{profile.Slug}-static-assets", "cn-beijing", OssStorageClass.Standard, now));
        }

        // acme-security: LRS buckets it may convert (Standard/IA in ZRS regions) and ones it may not.
        var security = Profiles[1];
        resources.Add(Bucket(security, "acme-security-audit-logs", "cn-hangzhou", OssStorageClass.Standard, now));
        resources.Add(Bucket(security, "acme-security-siem-exports", "cn-shanghai", OssStorageClass.Standard, now));
        resources.Add(Bucket(security, "acme-security-forensics", "ap-southeast-1", OssStorageClass.IA, now));
        resources.Add(Bucket(security, "acme-security-legacy-qingdao", "cn-qingdao", OssStorageClass.Standard, now));
        resources.Add(Bucket(security, "acme-security-cold-evidence", "cn-hangzhou", OssStorageClass.ColdArchive, now));
        return resources;
    }

    private static OssBucket Bucket(EstateAccountProfile owner, string name, string regionId, OssStorageClass storageClass, DateTimeOffset now)
    {
        var bucket = new OssBucket
        {
            Id = name,
            AccountId = owner.AccountId,
            Name = name,
            RegionId = regionId,
            CreatedAt = now.AddDays(-200),
            StorageClass = storageClass,
            Redundancy = Redundancy.Lrs,
            StorageBytes = 512L * 1024 * 1024 * 1024,
            VersioningEnabled = owner.Maturity > 0.5,
        };
        bucket.SetTag("env", owner.Env == "mixed" ? "dev" : owner.Env);
        bucket.SetTag("app", owner.App);
        bucket.SetTag("owner", owner.Owner);
        bucket.RefreshProtectionStatus();
        return bucket;
    }

    /// <summary>acme-security's own resource groups, so the Overview filter shows the documented A/B behaviour.</summary>
    public static IReadOnlyList<ResourceGroup> SecurityResourceGroups(DateTimeOffset now) =>
    [
        new ResourceGroup
        {
            OwnerAccountId = DemoOrganisation.SecurityId,
            Name = "Important",
            Description = "Resources tagged important=true, in every account acme-security manages.",
            MatchMode = MatchMode.All,
            Conditions = [new TagCondition { Key = "important", Operator = TagOperator.Equal, Value = "true" }],
            CreatedAt = now.AddDays(-30),
            UpdatedAt = now.AddDays(-30),
        },
        new ResourceGroup
        {
            OwnerAccountId = DemoOrganisation.SecurityId,
            Name = "Security team",
            Description = "Resources owned by the security team.",
            MatchMode = MatchMode.All,
            Conditions = [new TagCondition { Key = "owner", Operator = TagOperator.Equal, Value = "security" }],
            CreatedAt = now.AddDays(-30),
            UpdatedAt = now.AddDays(-30),
        },
    ];
}
