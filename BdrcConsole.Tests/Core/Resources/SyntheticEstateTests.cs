using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Tests.Core.Resources;

[Trait(TestEngine.Trait, "Sqlite")] // The synthetic estate is built as a SQLite file (PostgreSQL receives it by the SQLite copy).
public class SyntheticEstateTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestTimeProvider.DefaultStart;
    private readonly List<string> databases = [];

    private string NewDatabasePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bdrc-synthetic-test-{Guid.NewGuid():N}.db");
        databases.Add(path);
        return path;
    }

    private static BdrcDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<BdrcDbContext>().UseSqlite($"Data Source={path}").Options);

    private static async Task<List<string>> ResourceIdsAsync(string path)
    {
        await using var db = Open(path);
        return await db.Resources.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Id + "|" + r.AccountId + "|" + r.Name + "|" + r.TagText).ToListAsync();
    }

    [Fact]
    public async Task Create_SameSeedTwice_GivesSameResources()
    {
        var first = NewDatabasePath();
        var second = NewDatabasePath();

        await SyntheticEstate.CreateAsync(first, accounts: 6, resources: 120, seed: 42, Now);
        await SyntheticEstate.CreateAsync(second, accounts: 6, resources: 120, seed: 42, Now.AddDays(3));

        Assert.Equal(await ResourceIdsAsync(first), await ResourceIdsAsync(second));
    }

    [Fact]
    public async Task Create_DifferentSeeds_GiveDifferentResources()
    {
        var first = NewDatabasePath();
        var second = NewDatabasePath();

        await SyntheticEstate.CreateAsync(first, accounts: 6, resources: 120, seed: 42, Now);
        await SyntheticEstate.CreateAsync(second, accounts: 6, resources: 120, seed: 43, Now);

        Assert.NotEqual(await ResourceIdsAsync(first), await ResourceIdsAsync(second));
    }

    [Fact]
    public async Task Create_AccountsAndResources_WritesExactCountsAndAnAdministratorManagingEveryMember()
    {
        var path = NewDatabasePath();

        var summary = await SyntheticEstate.CreateAsync(path, accounts: 7, resources: 101, seed: 1, Now);

        await using var db = Open(path);
        Assert.Equal((7, 101), (summary.Accounts, summary.Resources));
        Assert.Equal(7, await db.Accounts.CountAsync());
        Assert.Equal(101, await db.Resources.CountAsync());
        Assert.Equal(summary.RecoveryPoints, await db.RecoveryPoints.LongCountAsync());
        var perAccount = await db.Resources.GroupBy(r => r.AccountId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(7, perAccount.Count);
        Assert.All(perAccount, count => Assert.InRange(count, 14, 15));
        var management = await db.ResourceDirectories.Select(d => d.ManagementAccountId).SingleAsync();
        Assert.Equal(AccountType.Management, (await db.Accounts.SingleAsync(a => a.Id == management)).Type);
        Assert.Equal(summary.AdministratorAccountId, await db.DelegatedAdministrators.Select(d => d.AccountId).SingleAsync());
        var managed = await db.ManagedAccounts.Where(m => m.AdministratorAccountId == summary.AdministratorAccountId).Select(m => m.AccountId).ToListAsync();
        var members = await db.Accounts.Where(a => a.Id != management && a.Id != summary.AdministratorAccountId).Select(a => a.Id).ToListAsync();
        Assert.Equal(members.Order(), managed.Order());
        Assert.Equal(members.Count, await db.ServiceLinkedRoles.CountAsync(r => r.RoleName == ServiceLinkedRole.BdrcRoleName));
        Assert.Equal(SyntheticEstate.AdministratorEmail, await db.Users.Where(u => u.AccountId == summary.AdministratorAccountId).Select(u => u.Email).SingleAsync());
        Assert.True(await db.EcsDisks.AnyAsync());
    }

    [Fact]
    public async Task Create_ExistingFileOrTooFewAccounts_IsRefused()
    {
        var path = NewDatabasePath();
        await File.WriteAllTextAsync(path, "");

        await Assert.ThrowsAsync<InvalidOperationException>(() => SyntheticEstate.CreateAsync(path, 5, 10, 1, Now));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SyntheticEstate.CreateAsync(NewDatabasePath(), 1, 10, 1, Now));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SyntheticEstate.CreateAsync(NewDatabasePath(), 5, -1, 1, Now));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in databases)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            {
                try { File.Delete(path + suffix); }
                catch (IOException) { /* best effort */ }
            }
        }
        GC.SuppressFinalize(this);
    }
}
