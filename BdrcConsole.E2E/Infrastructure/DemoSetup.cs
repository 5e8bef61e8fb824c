using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.TrustedServices;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>Organisation set-ups done through Core, for journeys whose subject comes after them.</summary>
public static class DemoSetup
{
    /// <summary>acme-security becomes the BDRC delegated administrator, enables cross-account management and manages Root/Production.</summary>
    public static async Task SecurityManagesProductionFolderAsync(IServiceProvider services)
    {
        var management = new Actor("management@acme.test", DemoOrganisation.ManagementId);
        var security = new Actor("security@acme.test", DemoOrganisation.SecurityId);
        await services.GetRequiredService<TrustedServiceService>().AddDelegatedAdministratorAsync(management, DemoOrganisation.SecurityId);
        var crossAccount = services.GetRequiredService<CrossAccountService>();
        await crossAccount.EnableAsync(security);
        await crossAccount.SaveTargetsAsync(security, [TargetSelection.ForFolder(DemoOrganisation.ProductionFolderId)]);
    }
}
