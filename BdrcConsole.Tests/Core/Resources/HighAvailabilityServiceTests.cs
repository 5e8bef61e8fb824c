using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;

namespace BdrcConsole.Tests.Core.Resources;

public class HighAvailabilityServiceTests
{
    private const string AuditLogs = "acme-security-audit-logs";
    private const string ConvertAction = "Convert OSS bucket to ZRS";

    private static async Task<CoreTestHost> StartWithSecurityManagingProductionAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        return host;
    }

    // ---- the rules ----

    [Theory]
    [InlineData(OssStorageClass.Standard)]
    [InlineData(OssStorageClass.IA)]
    [InlineData(OssStorageClass.Archive)]
    public void ConversionEligibility_OwnLrsBucketOfEligibleClassInZrsRegion_CanConvert(OssStorageClass storageClass)
    {
        var eligibility = HighAvailabilityService.ConversionEligibility(Actors.Security, SecurityId, "cn-hangzhou", storageClass, Redundancy.Lrs, converting: false);

        Assert.True(eligibility.CanConvert);
        Assert.Null(eligibility.Reason);
    }

    [Fact]
    public void ConversionEligibility_AnotherAccountsBucket_IsNotOwnAccountAndSaysOnlyTheOwnAccountCanConvert()
    {
        var eligibility = HighAvailabilityService.ConversionEligibility(Actors.Security, ProdWebId, "cn-hangzhou", OssStorageClass.Standard, Redundancy.Lrs, converting: false);

        Assert.Equal(ZrsConversionBlocker.NotOwnAccount, eligibility.Blocker);
        Assert.Contains("Only the bucket's own account can convert it", eligibility.Reason);
    }

    [Fact]
    public void ConversionEligibility_AnotherAccountsBucketConvertingInRegionWithoutZrs_ReportsNotOwnAccountFirst()
    {
        var eligibility = HighAvailabilityService.ConversionEligibility(Actors.Security, ProdWebId, "cn-qingdao", OssStorageClass.ColdArchive, Redundancy.Lrs, converting: true);

        Assert.Equal(ZrsConversionBlocker.NotOwnAccount, eligibility.Blocker);
    }

    [Fact]
    public void ConversionEligibility_Converting_SaysAlreadyConverting()
    {
        var eligibility = HighAvailabilityService.ConversionEligibility(Actors.Security, SecurityId, "cn-hangzhou", OssStorageClass.Standard, Redundancy.Lrs, converting: true);

        Assert.Equal(new ZrsEligibility(ZrsConversionBlocker.Converting, "The bucket is already converting to zone-redundant storage."), eligibility);
    }

    [Fact]
    public void ConversionEligibility_AlreadyZrsInRegionWithoutZrs_SaysAlreadyZrs()
    {
        var eligibility = HighAvailabilityService.ConversionEligibility(Actors.Security, SecurityId, "cn-qingdao", OssStorageClass.Standard, Redundancy.Zrs, converting: false);

        Assert.Equal(new ZrsEligibility(ZrsConversionBlocker.AlreadyZrs, "The bucket already uses zone-redundant storage."), eligibility);
    }

    [Theory]
    [InlineData("cn-qingdao")]
    [InlineData("cn-huhehaote")]
    [InlineData("us-west-1")]
    [InlineData("ap-south-1")]
    [InlineData("no-such-region")]
    public void ConversionEligibility_RegionWithoutZrs_NamesTheRegion(string regionId)
    {
        var eligibility = HighAvailabilityService.ConversionEligibility(Actors.Security, SecurityId, regionId, OssStorageClass.ColdArchive, Redundancy.Lrs, converting: false);

        Assert.Equal(new ZrsEligibility(ZrsConversionBlocker.RegionWithoutZrs, $"Region {regionId} does not support zone-redundant storage."), eligibility);
    }

    [Theory]
    [InlineData(OssStorageClass.ColdArchive)]
    [InlineData(OssStorageClass.DeepColdArchive)]
    public void ConversionEligibility_ColdStorageClass_NamesTheClass(OssStorageClass storageClass)
    {
        var eligibility = HighAvailabilityService.ConversionEligibility(Actors.Security, SecurityId, "cn-hangzhou", storageClass, Redundancy.Lrs, converting: false);

        Assert.Equal(ZrsConversionBlocker.StorageClassNotEligible, eligibility.Blocker);
        Assert.Contains($"the {storageClass} storage class cannot be converted", eligibility.Reason);
    }

    [Fact]
    public async Task QueryRows_BucketSeenByOwnerAndByAdministrator_CarryTheActorsConversionVerdict()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();
        var query = new ResourceQuery(ProductType.Oss, [ProdWebId]) { Search = "acme-prod-web-static-assets" };

        var byOwner = (await host.Resources().QueryAsync(Actors.ProdWeb, query)).Items.Single();
        var byAdministrator = (await host.Resources().QueryAsync(Actors.Security, query)).Items.Single();
        var detail = await host.Resources().GetDetailAsync(Actors.Security, "acme-prod-web-static-assets");

        Assert.True(byOwner.CanConvertToZrs);
        Assert.False(byAdministrator.CanConvertToZrs);
        Assert.Equal(ZrsConversionBlocker.NotOwnAccount, byAdministrator.ZrsConversionBlocker);
        Assert.Contains("Only the bucket's own account can convert it", byAdministrator.ZrsConversionBlockedReason);
        Assert.Equal(byAdministrator, detail.Resource);
    }

    // ---- conversion ----

    [Fact]
    public async Task StartZrsConversion_OwnEligibleBucket_ShowsConvertingAndStaysLrs()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs);

        var bucket = await host.FindBucketAsync(AuditLogs);
        Assert.Equal(host.Clock.UtcNow, bucket.ConvertingSince);
        Assert.Equal(Redundancy.Lrs, bucket.Redundancy);
        var row = (await host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [SecurityId]) { Search = AuditLogs })).Items.Single();
        Assert.True(row.Converting);
        Assert.Equal(Redundancy.Lrs, row.Redundancy);
        var audit = await host.Audit.ListAsync(Actors.Security, new AuditQuery(Search: ConvertAction));
        var entry = Assert.Single(audit.Items);
        Assert.Equal((AuditOutcome.Succeeded, AuditLogs), (entry.Outcome, entry.Target));
    }

    [Fact]
    public async Task StartZrsConversion_ManagementAccountOwnBucket_IsAllowed()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.HighAvailability().StartZrsConversionAsync(Actors.Management, "acme-mgmt-static-assets");

        Assert.NotNull((await host.FindBucketAsync("acme-mgmt-static-assets")).ConvertingSince);
    }

    [Fact]
    public async Task CompleteDueConversions_BeforeAndAfterConversionTime_TurnsBucketZrsOnlyOnceDue()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs);

        host.Clock.Advance(TimeSpan.FromSeconds(7));
        var early = await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync();
        var stillConverting = await host.FindBucketAsync(AuditLogs);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var due = await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync();
        var again = await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync();

        Assert.Equal(0, early);
        Assert.NotNull(stillConverting.ConvertingSince);
        Assert.Equal(1, due);
        Assert.Equal(0, again);
        var bucket = await host.FindBucketAsync(AuditLogs);
        Assert.Equal(Redundancy.Zrs, bucket.Redundancy);
        Assert.Null(bucket.ConvertingSince);
        var row = (await host.Resources().QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [SecurityId]) { Search = AuditLogs })).Items.Single();
        Assert.Equal((Redundancy.Zrs, false), (row.Redundancy, row.Converting));
    }

    [Fact]
    public async Task CompleteDueConversions_ConfiguredConversionTime_IsRespected()
    {
        await using var host = await CoreTestHost.StartAsync(o => o.Configuration["Bdrc:ZrsConversionSeconds"] = "60");
        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs);

        host.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync());
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync());
    }

    [Fact]
    public async Task StartZrsConversion_AdministratorAndManagedAccountsBucket_IsDeniedAndNothingChanges()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();

        var refusal = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            host.HighAvailability().StartZrsConversionAsync(Actors.Security, "acme-prod-web-static-assets"));

        Assert.Contains("Only the bucket's own account can convert it", refusal.Message);
        Assert.Null((await host.FindBucketAsync("acme-prod-web-static-assets")).ConvertingSince);
        var audit = await host.Audit.ListAsync(Actors.Security, new AuditQuery(Search: ConvertAction));
        Assert.Equal(AuditOutcome.Refused, Assert.Single(audit.Items).Outcome);
    }

    [Fact]
    public async Task StartZrsConversion_MemberAndInvisibleBucket_IsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.HighAvailability().StartZrsConversionAsync(Actors.Dev1, AuditLogs));
        await Assert.ThrowsAsync<NotFoundException>(() => host.HighAvailability().StartZrsConversionAsync(Actors.Dev1, "no-such-bucket"));

        Assert.Null((await host.FindBucketAsync(AuditLogs)).ConvertingSince);
    }

    [Fact]
    public async Task StartZrsConversion_AdministratorAndUnmanagedAccountsBucket_IsNotFound()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.HighAvailability().StartZrsConversionAsync(Actors.Security, "acme-dev-1-static-assets"));
    }

    [Fact]
    public async Task StartZrsConversion_EcsInstanceId_IsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.AddResourcesAsync(Instance(SecurityId, "i-securityha000000001", "ha-test"));

        await Assert.ThrowsAsync<NotFoundException>(() => host.HighAvailability().StartZrsConversionAsync(Actors.Security, "i-securityha000000001"));
    }

    [Theory]
    [InlineData("acme-security-legacy-qingdao", "Region cn-qingdao does not support zone-redundant storage.")]
    [InlineData("acme-security-cold-evidence", "ColdArchive storage class cannot be converted")]
    public async Task StartZrsConversion_IneligibleOwnBucket_IsRuleViolationAndNothingChanges(string bucketId, string reason)
    {
        await using var host = await CoreTestHost.StartAsync();

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => host.HighAvailability().StartZrsConversionAsync(Actors.Security, bucketId));

        Assert.Contains(reason, refusal.Message);
        var bucket = await host.FindBucketAsync(bucketId);
        Assert.Equal((Redundancy.Lrs, (DateTimeOffset?)null), (bucket.Redundancy, bucket.ConvertingSince));
    }

    [Fact]
    public async Task StartZrsConversion_AlreadyConverting_IsRuleViolationAndKeepsStartTime()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs);
        var started = host.Clock.UtcNow;
        host.Clock.Advance(TimeSpan.FromSeconds(3));

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs));

        Assert.Contains("already converting", refusal.Message);
        Assert.Equal(started, (await host.FindBucketAsync(AuditLogs)).ConvertingSince);
    }

    [Fact]
    public async Task StartZrsConversion_AlreadyZrs_IsRuleViolation()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs);
        host.Clock.Advance(TimeSpan.FromSeconds(8));
        await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync();

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs));

        Assert.Contains("already uses zone-redundant storage", refusal.Message);
        Assert.Null((await host.FindBucketAsync(AuditLogs)).ConvertingSince);
    }

    // ---- summary ----

    [Fact]
    public async Task Summarize_OwnAndManagedAccounts_CountsLrsZrsAndConvertingPerAccount()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();
        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs);
        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, "acme-security-siem-exports");
        string[] accounts = [ProdWebId, SecurityId];

        var summary = await host.HighAvailability().SummarizeAsync(Actors.Security, accounts);

        await using var db = await host.CreateDbContextAsync();
        var buckets = await db.OssBuckets.AsNoTracking().Where(b => accounts.Contains(b.AccountId)).ToListAsync();
        var instances = await db.TablestoreInstances.AsNoTracking().Where(t => accounts.Contains(t.AccountId)).ToListAsync();
        var expected = accounts.Select(id => new RedundancySummary(
            id,
            id == SecurityId ? "acme-security" : "acme-prod-web",
            buckets.Count(b => b.AccountId == id && b.Redundancy == Redundancy.Lrs),
            buckets.Count(b => b.AccountId == id && b.Redundancy == Redundancy.Zrs),
            buckets.Count(b => b.AccountId == id && b.ConvertingSince != null),
            instances.Count(t => t.AccountId == id && t.Redundancy == Redundancy.Lrs),
            instances.Count(t => t.AccountId == id && t.Redundancy == Redundancy.Zrs)));
        Assert.Equal(expected, summary);
        Assert.Equal(2, summary[1].OssConverting);
        Assert.Equal(0, summary[0].OssConverting);
        Assert.True(summary[1].OssLrs >= 6, "acme-security's named LRS buckets count as LRS, converting ones included");
    }

    [Fact]
    public async Task Summarize_AfterConversionCompletes_MovesBucketFromLrsToZrs()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = (await host.HighAvailability().SummarizeAsync(Actors.Security, [SecurityId])).Single();
        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, AuditLogs);
        host.Clock.Advance(TimeSpan.FromSeconds(8));
        await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync();

        var after = (await host.HighAvailability().SummarizeAsync(Actors.Security, [SecurityId])).Single();

        Assert.Equal(before with { OssLrs = before.OssLrs - 1, OssZrs = before.OssZrs + 1 }, after);
    }

    [Fact]
    public async Task Summarize_InvisibleOrNoAccounts_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.HighAvailability().SummarizeAsync(Actors.Dev1, [Dev1Id, Dev2Id]));
        await Assert.ThrowsAsync<ValidationException>(() => host.HighAvailability().SummarizeAsync(Actors.Dev1, []));
    }
}
