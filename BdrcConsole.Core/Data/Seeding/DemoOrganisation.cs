using BdrcConsole.Core.Domain.Directory;

namespace BdrcConsole.Core.Data.Seeding;

/// <summary>The seeded demo organisation of docs/rules.md §9, with fixed ids so every fresh start is the same.</summary>
public static class DemoOrganisation
{
    public const string Password = "Demo@12345";

    public const string RootFolderId = "r-acme0root";
    public const string SecurityFolderId = "fd-acmesecure";
    public const string ProductionFolderId = "fd-acmeprod01";
    public const string PaymentsFolderId = "fd-acmepay001";
    public const string DevelopmentFolderId = "fd-acmedev001";

    public const string ManagementId = "1536000000000001";
    public const string SecurityId = "1536000000000101";
    public const string ProdWebId = "1536000000000201";
    public const string ProdDataId = "1536000000000202";
    public const string PaymentsId = "1536000000000203";
    public const string Dev1Id = "1536000000000301";
    public const string Dev2Id = "1536000000000302";
    public const string SandboxId = "1536000000000401";

    public static IReadOnlyList<(string Id, string Name, string? ParentId)> Folders { get; } =
    [
        (RootFolderId, "Root", null),
        (SecurityFolderId, "Security", RootFolderId),
        (ProductionFolderId, "Production", RootFolderId),
        (PaymentsFolderId, "Payments", ProductionFolderId),
        (DevelopmentFolderId, "Development", RootFolderId),
    ];

    public static IReadOnlyList<(string Id, string Name, AccountType Type, string FolderId)> Accounts { get; } =
    [
        (ManagementId, "Acme Management", AccountType.Management, RootFolderId),
        (SecurityId, "acme-security", AccountType.Member, SecurityFolderId),
        (ProdWebId, "acme-prod-web", AccountType.Member, ProductionFolderId),
        (ProdDataId, "acme-prod-data", AccountType.Member, ProductionFolderId),
        (PaymentsId, "acme-payments", AccountType.Member, PaymentsFolderId),
        (Dev1Id, "acme-dev-1", AccountType.Member, DevelopmentFolderId),
        (Dev2Id, "acme-dev-2", AccountType.Member, DevelopmentFolderId),
        (SandboxId, "acme-sandbox", AccountType.Member, RootFolderId),
    ];

    /// <summary>The demo sign-ins (Development only): e-mail and the account each acts for.</summary>
    public static IReadOnlyList<(string UserId, string Email, string AccountId)> Users { get; } =
    [
        ("00000000-0000-0000-0000-000000000001", "management@acme.test", ManagementId),
        ("00000000-0000-0000-0000-000000000101", "security@acme.test", SecurityId),
        ("00000000-0000-0000-0000-000000000201", "web@acme.test", ProdWebId),
        ("00000000-0000-0000-0000-000000000301", "dev1@acme.test", Dev1Id),
    ];
}
