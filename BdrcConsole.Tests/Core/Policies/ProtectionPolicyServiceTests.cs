using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.PolicyTestData;

namespace BdrcConsole.Tests.Core.Policies;

public class ProtectionPolicyServiceTests
{
    [Fact]
    public async Task Create_GroupMatchesOwnAndManagedResources_AppliesEachKindToItsProductAndGrants()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);

        var id = await host.Policies().CreateAsync(Actors.Security, Policy("Buckets", [group], Versioning(), OssBackup()));

        var applications = await host.ApplicationsAsync(id);
        Assert.Equal(["pp-sec-archive", "pp-sec-archive", "pp-sec-bucket", "pp-sec-bucket", "pp-web-bucket", "pp-web-bucket"], applications.Select(a => a.ResourceId));
        var archiveBackup = applications.Single(a => a.ResourceId == "pp-sec-archive" && a.Status == ApplicationStatus.Failed);
        Assert.Equal("Cloud Backup cannot back up Archive buckets.", archiveBackup.FailureReason);
        Assert.All(applications.Where(a => a != archiveBackup), a => Assert.Equal(ApplicationStatus.Succeeded, a.Status));
        Assert.Equal(ProtectionGrant.Versioning | ProtectionGrant.CloudBackup, (await host.GrantsAsync("pp-web-bucket")).Grants);
        Assert.Equal(ProtectionGrant.Versioning, (await host.GrantsAsync("pp-sec-archive")).Grants);
        Assert.Equal(ProtectionGrant.None, (await host.GrantsAsync("pp-dev-bucket")).Grants);
        var rows = await host.Policies().ListAsync(Actors.Security);
        Assert.Equal(new PolicyCoverage(6, 0, 0, 5, 1, 2), rows.Single().Coverage);
    }
}
