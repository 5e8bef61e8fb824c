using System.Diagnostics;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Domain.Resources;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Data.Seeding;

public sealed record SyntheticEstateSummary(int Accounts, int Resources, long RecoveryPoints, TimeSpan Elapsed, string AdministratorAccountId, string AdministratorEmail);

/// <summary>
/// Builds a synthetic organisation for tests and benchmarks: N accounts in folders, the first member
/// the BDRC delegated administrator managing the entire directory, and M resources spread over the
/// accounts, deterministic by seed.
/// </summary>
public static class SyntheticEstate
{
    public const string AdministratorEmail = "admin@synthetic.test";
    public const string Password = "Demo@12345";
    private const int FolderCount = 20;

    public static async Task<SyntheticEstateSummary> CreateAsync(string databasePath, int accounts, int resources, int seed, DateTimeOffset now, CancellationToken ct = default)
    {
        if (accounts < 2)
            throw new ArgumentOutOfRangeException(nameof(accounts), "A synthetic estate needs at least 2 accounts (management + administrator).");
        if (resources < 0)
            throw new ArgumentOutOfRangeException(nameof(resources));
        if (File.Exists(databasePath))
            throw new InvalidOperationException($"{databasePath} already exists; choose a new file.");

        var stopwatch = Stopwatch.StartNew();
        var options = new DbContextOptionsBuilder<BdrcDbContext>().UseSqlite($"Data Source={databasePath}").Options;
        await using var db = new BdrcDbContext(options);
        await db.Database.MigrateAsync(ct);

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        var writer = new BulkWriter(db, connection);
        writer.Begin();
        var joined = now.AddDays(-120);
        const string rootId = "r-synthetic";
        writer.Insert(new Folder { Id = rootId, Name = "Root", CreatedAt = joined });
        for (var f = 1; f <= FolderCount; f++)
            writer.Insert(new Folder { Id = FolderId(f), Name = $"Business unit {f:D2}", ParentId = rootId, CreatedAt = joined });

        var accountIds = Enumerable.Range(1, accounts).Select(i => $"{8000000000000000L + i}").ToList();
        var managementId = accountIds[0];
        var administratorId = accountIds[1];
        for (var i = 0; i < accounts; i++)
        {
            writer.Insert(new Account
            {
                Id = accountIds[i],
                DisplayName = i == 0 ? "Synthetic Management" : $"synthetic-{i:D5}",
                Type = i == 0 ? AccountType.Management : AccountType.Member,
                FolderId = i <= 1 ? rootId : FolderId(1 + i % FolderCount),
                JoinMethod = JoinMethod.Created,
                JoinedAt = joined,
            });
        }
        writer.Insert(new ResourceDirectory { ManagementAccountId = managementId, RootFolderId = rootId, EnabledAt = joined });
        writer.Insert(new DelegatedAdministrator { ServiceName = TrustedServiceNames.Bdrc, AccountId = administratorId, AddedAt = joined });
        writer.Insert(new CrossAccountSettings { AdministratorAccountId = administratorId, EnabledAt = joined });
        writer.Insert(new ManagementTarget { AdministratorAccountId = administratorId, Kind = ManagementTargetKind.ResourceDirectory, AddedAt = joined });
        foreach (var member in accountIds.Skip(2))
        {
            writer.Insert(new ManagedAccount { AdministratorAccountId = administratorId, AccountId = member, ManagedSince = joined });
            writer.Insert(new ServiceLinkedRole { AccountId = member, RoleName = ServiceLinkedRole.BdrcRoleName, CreatedAt = joined });
        }
        writer.Insert(DatabaseInitializer.NewUser("00000000-0000-0000-0000-00000000a001", AdministratorEmail, administratorId, Password));
        writer.Commit();

        // Resources, committed account by account so memory stays flat.
        var generator = new EstateGenerator(seed, now) { RecoveryPointEveryDays = 10 };
        long points = 0;
        var perAccount = resources / accounts;
        var remainder = resources % accounts;
        writer.Begin();
        for (var i = 0; i < accounts; i++)
        {
            var count = perAccount + (i < remainder ? 1 : 0);
            if (count == 0)
                continue;
            var profile = Profile(seed, accountIds[i], i);
            foreach (var resource in generator.Generate(profile, count, i))
            {
                writer.Insert(resource);
                foreach (var point in resource.RecoveryPoints)
                    writer.Insert(point, (nameof(RecoveryPoint.ResourceId), resource.Id));
                if (resource is EcsInstance ecs)
                    foreach (var disk in ecs.Disks)
                        writer.Insert(disk, (nameof(EcsDisk.InstanceId), resource.Id));
                points += resource.RecoveryPoints.Count;
            }
            if (i % 50 == 49)
            {
                writer.Commit();
                writer.Begin();
            }
        }
        writer.Commit();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync(ct);
        }
        await connection.CloseAsync();
        return new SyntheticEstateSummary(accounts, resources, points, stopwatch.Elapsed, administratorId, AdministratorEmail);
    }

    private static string FolderId(int index) => $"fd-synth{index:D4}";

    private static EstateAccountProfile Profile(int seed, string accountId, int ordinal)
    {
        var random = new Random(unchecked(seed + ordinal * 7919));
        string[] apps = ["web", "data", "payments", "analytics", "crm", "erp", "search", "iot"];
        var env = random.NextDouble() < 0.6 ? "prod" : "dev";
        return new EstateAccountProfile(accountId, $"s{ordinal:D5}", 0.05 + random.NextDouble() * 0.93, env, apps[random.Next(apps.Length)], $"team-{random.Next(1, 40)}",
            env == "prod" ? 0.3 : 0.05);
    }
}
