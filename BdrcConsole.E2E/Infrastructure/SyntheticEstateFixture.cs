using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// An app on a small synthetic estate (<see cref="SyntheticEstate"/>): 60 accounts in folders "Business unit 01" to
/// "Business unit 20" (three accounts each) under Root, whose delegated administrator admin@synthetic.test
/// (synthetic-00001) manages the entire directory.
/// </summary>
public sealed class SyntheticEstateFixture : ConsoleFixture
{
    public const int Accounts = 60;
    public const int Resources = 1200;

    public static Actor Administrator => new(SyntheticEstate.AdministratorEmail, AccountId(1));

    /// <summary>The id of synthetic-0000n (n = 0 is the management account).</summary>
    public static string AccountId(int n) => $"{8000000000000001L + n}";

    protected override async Task<string?> PrepareDatabaseAsync()
    {
        var path = BdrcAppHost.NewDatabasePath();
        await SyntheticEstate.CreateAsync(path, Accounts, Resources, seed: 7, DateTimeOffset.UtcNow);
        return path;
    }
}

[CollectionDefinition(Name)]
public sealed class SyntheticEstateCollection : ICollectionFixture<SyntheticEstateFixture>
{
    public const string Name = "BdrcConsole app on a synthetic estate";
}
