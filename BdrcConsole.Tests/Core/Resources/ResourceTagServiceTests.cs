using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Tests.TestSupport.PolicyTestData;

namespace BdrcConsole.Tests.Core.Resources;

/// <summary>Edit Tags: the resource's own account only; the policy side of a tag change is in PolicyApplicationTests.</summary>
public class ResourceTagServiceTests
{
    [Fact]
    public async Task SetAndRemoveTag_OwnResource_ChangesTagsAuditedAsEditTags()
    {
        await using var host = await StartWithTaggedEstateAsync();

        await host.Tags().SetTagAsync(Actors.ProdWeb, "pp-web-bucket", " team ", " web ");
        await host.Tags().RemoveTagAsync(Actors.ProdWeb, "pp-web-bucket", TagKey);

        await using var db = await host.CreateDbContextAsync();
        var bucket = await db.Resources.AsNoTracking().SingleAsync(r => r.Id == "pp-web-bucket");
        Assert.Equal([new("team", "web")], bucket.Tags);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "Edit Tags").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([("pp-web-bucket: team=web", AuditOutcome.Succeeded), ("pp-web-bucket: remove pp", AuditOutcome.Succeeded)], audit.Select(e => (e.Target, e.Outcome)));
    }

    [Fact]
    public async Task SetTag_ManagedResourceByItsAdministratorOrUnknownKey_Refused()
    {
        await using var host = await StartWithTaggedEstateAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Tags().SetTagAsync(Actors.Security, "pp-web-bucket", "team", "x"));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Tags().SetTagAsync(Actors.Security, "pp-dev-bucket", "team", "x"));
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => host.Tags().SetTagAsync(Actors.ProdWeb, "pp-web-bucket", " ", "x"));
        var missing = await Assert.ThrowsAsync<ValidationException>(() => host.Tags().RemoveTagAsync(Actors.ProdWeb, "pp-web-bucket", "nope"));

        Assert.Equal("The tag key is required.", invalid.Message);
        Assert.Equal("The resource has no tag nope.", missing.Message);
    }
}
