using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>Signed-in users acting for the accounts of the seeded demo organisation.</summary>
public static class Actors
{
    public static Actor Management { get; } = new("management@acme.test", DemoOrganisation.ManagementId);
    public static Actor Security { get; } = new("security@acme.test", DemoOrganisation.SecurityId);
    public static Actor ProdWeb { get; } = new("web@acme.test", DemoOrganisation.ProdWebId);
    public static Actor ProdData { get; } = new("prod-data@acme.test", DemoOrganisation.ProdDataId);
    public static Actor Payments { get; } = new("payments@acme.test", DemoOrganisation.PaymentsId);
    public static Actor Dev1 { get; } = new("dev1@acme.test", DemoOrganisation.Dev1Id);
    public static Actor Dev2 { get; } = new("dev2@acme.test", DemoOrganisation.Dev2Id);
    public static Actor Sandbox { get; } = new("sandbox@acme.test", DemoOrganisation.SandboxId);
}
