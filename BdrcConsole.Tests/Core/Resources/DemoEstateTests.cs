using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Tests.TestSupport;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.Resources;

public class DemoEstateTests
{
    private static readonly DateTimeOffset Now = TestTimeProvider.DefaultStart;
    private static readonly IReadOnlyList<CloudResource> Estate = DemoEstate.Build(Now);

    private static readonly string[] SecurityNamedBuckets =
    [
        "acme-security-audit-logs", "acme-security-siem-exports", "acme-security-forensics",
        "acme-security-legacy-qingdao", "acme-security-cold-evidence",
    ];

    private static string Slug(string accountId) => DemoEstate.Profiles.Single(p => p.AccountId == accountId).Slug;

    [Fact]
    public void Build_TwoDifferentStartTimes_GivesSameResourcesShiftedInTime()
    {
        var later = Now.AddDays(17).AddHours(5);

        var other = DemoEstate.Build(later);

        Assert.Equal(Estate.Count, other.Count);
        foreach (var (first, second) in Estate.Zip(other))
        {
            Assert.Equal(
                (first.Id, first.Name, first.AccountId, first.Product, first.RegionId, first.ZoneId, first.TagText, first.ProtectionStatus, first.RecoveryPoints.Count),
                (second.Id, second.Name, second.AccountId, second.Product, second.RegionId, second.ZoneId, second.TagText, second.ProtectionStatus, second.RecoveryPoints.Count));
            Assert.Equal(later - Now, second.CreatedAt - first.CreatedAt);
        }
    }

    [Fact]
    public void Build_EveryDemoAccount_HasTwentyToSixtyGeneratedResourcesPlusNamedBuckets()
    {
        Assert.Equal(Accounts.Select(a => a.Id).Order(), Estate.Select(r => r.AccountId).Distinct().Order());
        foreach (var (accountId, name, _, _) in Accounts)
        {
            var own = Estate.Where(r => r.AccountId == accountId).ToList();
            string[] named = [$"{Slug(accountId)}-static-assets", .. accountId == SecurityId ? SecurityNamedBuckets : []];
            Assert.All(named, bucket => Assert.Contains(own, r => r.Id == bucket && r.Name == bucket && r is OssBucket));
            var generated = own.Count - named.Length;
            Assert.InRange(generated, 20, 60);
        }
    }

    [Fact]
    public void Build_ResourceIds_AreUniqueAcrossTheEstate()
    {
        var duplicates = Estate.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Build_EveryAccount_HasAllFourProductsAndSeveralRegions()
    {
        foreach (var (accountId, name, _, _) in Accounts)
        {
            var own = Estate.Where(r => r.AccountId == accountId).ToList();
            Assert.True(Enum.GetValues<ProductType>().All(p => own.Any(r => r.Product == p)),
                $"{name} has only {string.Join(", ", own.Select(r => r.Product).Distinct())}");
            Assert.True(own.Select(r => r.RegionId).Distinct().Count() >= 3, $"{name} uses fewer than three regions");
        }
    }

    [Fact]
    public void Build_EveryResource_CarriesEnvAndAppTags()
    {
        Assert.All(Estate, r =>
        {
            var keys = r.Tags.Select(t => t.Key).ToList();
            Assert.Contains("env", keys);
            Assert.Contains("app", keys);
            Assert.Contains(r.Tags.Single(t => t.Key == "env").Value, new[] { "prod", "dev" });
        });
    }

    [Fact]
    public void Build_SecurityNamedBuckets_CoverConvertibleAndIneligibleCases()
    {
        var security = Actors.Security;
        string? Reason(string id)
        {
            var bucket = Estate.OfType<OssBucket>().Single(b => b.Id == id);
            return HighAvailabilityService.ConversionEligibility(security, bucket.AccountId, bucket.RegionId, bucket.StorageClass, bucket.Redundancy, bucket.ConvertingSince is not null).Reason;
        }

        Assert.Null(Reason("acme-security-audit-logs"));
        Assert.Null(Reason("acme-security-siem-exports"));
        Assert.Null(Reason("acme-security-forensics"));
        Assert.Contains("cn-qingdao", Reason("acme-security-legacy-qingdao"));
        Assert.Contains("ColdArchive", Reason("acme-security-cold-evidence"));
    }

    /// <summary>docs/rules.md §9: conversion works, and is refused for some bucket, in acme-security and in other accounts too.</summary>
    [Fact]
    public void Build_EveryAccountHasConvertibleBucketAndSeveralHaveIneligibleOnes()
    {
        var withIneligible = new List<string>();
        foreach (var (accountId, name, _, _) in Accounts)
        {
            var owner = new Actor("owner", accountId);
            var reasons = Estate.OfType<OssBucket>().Where(b => b.AccountId == accountId && b.Redundancy == Redundancy.Lrs)
                .Select(b => HighAvailabilityService.ConversionEligibility(owner, accountId, b.RegionId, b.StorageClass, b.Redundancy, converting: false).Reason)
                .ToList();
            Assert.True(reasons.Any(r => r is null), $"{name} has no convertible LRS bucket");
            if (reasons.Any(r => r is not null))
                withIneligible.Add(accountId);
        }

        Assert.Contains(SecurityId, withIneligible);
        Assert.True(withIneligible.Count(id => id != SecurityId) >= 3, $"only {withIneligible.Count} accounts own an LRS bucket that cannot convert");
    }

    /// <summary>ZRS exists only where the region has three zones, and OSS Cold Archive classes cannot be zone-redundant.</summary>
    [Fact]
    public void Build_ZrsResources_AreOnlyInZrsRegionsAndOfZrsCapableClasses()
    {
        var zrsBuckets = Estate.OfType<OssBucket>().Where(b => b.Redundancy == Redundancy.Zrs).ToList();
        var zrsInstances = Estate.OfType<TablestoreInstance>().Where(t => t.Redundancy == Redundancy.Zrs).ToList();

        Assert.NotEmpty(zrsBuckets);
        Assert.NotEmpty(zrsInstances);
        Assert.All(zrsBuckets, b => Assert.True(Regions.SupportsZoneRedundancy(b.RegionId), $"{b.Id} is ZRS in {b.RegionId}"));
        Assert.All(zrsInstances, t => Assert.True(Regions.SupportsZoneRedundancy(t.RegionId), $"{t.Id} is ZRS in {t.RegionId}"));
        var coldZrs = zrsBuckets.Where(b => !HighAvailabilityService.ConvertibleStorageClasses.Contains(b.StorageClass)).Select(b => $"{b.Id} ({b.StorageClass})").ToList();
        Assert.Empty(coldZrs);
    }

    [Fact]
    public void Build_Tags_MakeTheSeededGroupsShowTheDocumentedBehaviour()
    {
        var important = Estate.Where(r => r.Tags.Contains(new ResourceTag("important", "true"))).Select(r => r.AccountId).Distinct().ToList();
        var securityTeam = Estate.Where(r => r.Tags.Contains(new ResourceTag("owner", "security"))).Select(r => r.AccountId).Distinct().ToList();

        Assert.True(important.Count >= 3, "important=true should be on resources of several accounts");
        Assert.Contains(SecurityId, important);
        Assert.Contains(important, id => id is ProdWebId or ProdDataId or PaymentsId);
        Assert.Equal([SecurityId], securityTeam);
    }

    [Fact]
    public void Build_ProtectionMix_DiffersBetweenMatureAndImmatureAccounts()
    {
        double ProtectedShare(string accountId)
        {
            var own = Estate.Where(r => r.AccountId == accountId).ToList();
            return own.Count(r => r.ProtectionStatus == ProtectionStatus.Protected) / (double)own.Count;
        }

        Assert.True(ProtectedShare(PaymentsId) > ProtectedShare(SandboxId) + 0.3,
            $"acme-payments {ProtectedShare(PaymentsId):P0} protected vs acme-sandbox {ProtectedShare(SandboxId):P0}");
        Assert.Contains(Estate, r => r.ProtectionStatus == ProtectionStatus.Unprotected);
        Assert.Contains(Estate, r => r.ProtectionStatus == ProtectionStatus.PartlyProtected);
        Assert.Contains(Estate, r => r.ProtectionStatus == ProtectionStatus.Protected);
    }

    [Fact]
    public void Build_RecoveryPoints_SpanTheLastThirtyDaysWithSomeFailures()
    {
        var points = Estate.SelectMany(r => r.RecoveryPoints).ToList();

        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.InRange(p.CreatedAt, Now.AddDays(-30), Now));
        Assert.True(points.Min(p => p.CreatedAt) < Now.AddDays(-28), "history should reach back about 30 days");
        Assert.Contains(points, p => p.Status == RecoveryPointStatus.Failed && p.FailureReason is not null);
        Assert.Contains(points, p => p.CreatedAt > Now.AddDays(-2) && p.Status == RecoveryPointStatus.Succeeded);
    }

    [Fact]
    public void SecurityResourceGroups_AreImportantAndSecurityTeamOwnedByAcmeSecurity()
    {
        var groups = DemoEstate.SecurityResourceGroups(Now);

        Assert.Equal(["Important", "Security team"], groups.Select(g => g.Name));
        Assert.All(groups, g => Assert.Equal(SecurityId, g.OwnerAccountId));
        Assert.Equal(("important", "true"), (groups[0].Conditions.Single().Key, groups[0].Conditions.Single().Value));
        Assert.Equal(("owner", "security"), (groups[1].Conditions.Single().Key, groups[1].Conditions.Single().Value));
    }
}
