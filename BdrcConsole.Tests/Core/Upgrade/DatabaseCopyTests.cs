using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using BdrcConsole.Core;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace BdrcConsole.Tests.Core.Upgrade;

/// <summary>
/// The upgrade path: a SQLite database copied into PostgreSQL (<see cref="DatabaseCopy"/>) holds the same rows, and
/// the Core services on PostgreSQL give the same answers as on SQLite. Real engines on both sides.
/// </summary>
[Trait(TestEngine.Trait, "PostgreSql")] // SQLite as the source, PostgreSQL as the target, in whichever pass.
public class DatabaseCopyTests
{
    [Fact]
    public async Task Copy_DemoOrganisation_EveryTableHasTheSameCountOnBothEngines()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync(OnSqlite);
        await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");

        var report = await DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(host.DatabasePath), target.ConnectionString);

        await using var postgreSql = Services(DatabaseProvider.PostgreSql, target.ConnectionString);
        await using (var db = await CreateDbContextAsync(postgreSql))
            Assert.Equal(db.Model.GetRelationalModel().Tables.Select(t => t.Name).Order(), report.Tables.Select(t => t.Table).Order());
        foreach (var table in report.Tables)
        {
            // Counted here, on fresh connections after the commit, not taken from the copy's own report.
            var inSqlite = await CountAsync(new SqliteConnection(SqliteConnectionString(host.DatabasePath)), table.Table);
            var inPostgreSql = await CountAsync(new NpgsqlConnection(target.ConnectionString), table.Table);
            Assert.True(inSqlite == inPostgreSql, $"{table.Table}: {inSqlite} rows in SQLite, {inPostgreSql} in PostgreSQL");
            Assert.Equal((inSqlite, inSqlite), (table.SourceRows, table.TargetRows));
        }
        Assert.Contains(report.Tables, t => t.Table == "Resources" && t.TargetRows > 0);
        Assert.Contains(report.Tables, t => t.Table == "CheckResults" && t.TargetRows > 0);
        Assert.Contains(report.Tables, t => t.Table == "ManagedAccounts" && t.TargetRows > 0);
    }

    [Fact]
    public async Task Copy_DemoOrganisation_OverviewOnPostgreSqlIsTheSameAsOnSqlite()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync(OnSqlite);
        await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");
        var accounts = new[] { DemoOrganisation.SecurityId }.Concat(await host.ManagedBySecurityAsync()).ToList();
        var onSqlite = await host.Services.GetRequiredService<OverviewService>().GetDashboardAsync(Actors.Security, new OverviewQuery(accounts));

        await DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(host.DatabasePath), target.ConnectionString);

        await using var postgreSql = Services(DatabaseProvider.PostgreSql, target.ConnectionString);
        var onPostgreSql = await postgreSql.GetRequiredService<OverviewService>().GetDashboardAsync(Actors.Security, new OverviewQuery(accounts));
        Assert.True(onSqlite.Resources > 0 && onSqlite.RiskyResources > 0 && onSqlite.LastDetectedAt is not null, "the demo Overview shows detection results");
        Assert.NotEmpty(onSqlite.Trend);
        Assert.Equal(AsText(onSqlite), AsText(onPostgreSql));
    }

    [Fact]
    public async Task Copy_DemoOrganisation_SignInUsersKeepTheirPasswordHashes()
    {
        await using var host = await CoreTestHost.StartAsync(OnSqlite);
        await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");

        await DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(host.DatabasePath), target.ConnectionString);

        await using var postgreSql = Services(DatabaseProvider.PostgreSql, target.ConnectionString);
        await using var sqliteDb = await host.CreateDbContextAsync();
        await using var postgreSqlDb = await CreateDbContextAsync(postgreSql);
        var expected = await sqliteDb.Users.AsNoTracking().Select(u => $"{u.Id} {u.NormalizedEmail} {u.AccountId} {u.PasswordHash} {u.SecurityStamp}").ToListAsync();
        var copied = await postgreSqlDb.Users.AsNoTracking().Select(u => $"{u.Id} {u.NormalizedEmail} {u.AccountId} {u.PasswordHash} {u.SecurityStamp}").ToListAsync();
        Assert.Contains(copied, u => u.Contains(Actors.Management.UserName.ToUpperInvariant(), StringComparison.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), copied.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Copy_DetectedSyntheticEstate_AccountAggregatesAndRisksAreTheSame()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bdrc-copy-{Guid.NewGuid():N}.db");
        try
        {
            var estate = await SyntheticEstate.CreateAsync(path, accounts: 10, resources: 3000, seed: 11, TestTimeProvider.DefaultStart);
            await using var sqlite = Services(DatabaseProvider.Sqlite, SqliteConnectionString(path));
            await sqlite.GetRequiredService<DetectionMaintenance>().DetectAllAsync();
            await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");

            var report = await DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(path), target.ConnectionString);

            await using var postgreSql = Services(DatabaseProvider.PostgreSql, target.ConnectionString);
            Assert.Equal(3000, report.Tables.Single(t => t.Table == "Resources").TargetRows);
            Assert.All(report.Tables, t => Assert.Equal(t.SourceRows, t.TargetRows));
            await using var sqliteDb = await CreateDbContextAsync(sqlite);
            await using var postgreSqlDb = await CreateDbContextAsync(postgreSql);
            var scores = await DatabaseCopy.ScoreSummariesAsync(sqliteDb);
            Assert.Equal(10, scores.Count);
            Assert.True(scores.Sum(s => s.FailedChecks) > 0 && scores.Sum(s => s.ScoredResources) > 0, "detection stored risks and scores");
            Assert.Equal(scores, await DatabaseCopy.ScoreSummariesAsync(postgreSqlDb));
            Assert.Equal(await RiskCountsAsync(sqliteDb), await RiskCountsAsync(postgreSqlDb));

            var administrator = new Actor(estate.AdministratorEmail, estate.AdministratorAccountId);
            var visible = scores.Select(s => s.AccountId).Where(id => id != scores[0].AccountId).ToList();
            var onSqlite = await sqlite.GetRequiredService<OverviewService>().GetDashboardAsync(administrator, new OverviewQuery(visible));
            var onPostgreSql = await postgreSql.GetRequiredService<OverviewService>().GetDashboardAsync(administrator, new OverviewQuery(visible));
            Assert.Equal(AsText(onSqlite), AsText(onPostgreSql));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
        }
    }

    [Fact]
    public async Task Copy_SqliteFileOfThePreviousVersion_IsMigratedFirstThenCopied()
    {
        await using var host = await CoreTestHost.StartAsync(OnSqlite);
        await using (var db = await host.CreateDbContextAsync())
        {
            // The file as a previous version left it: before the data-protection keys' table and every later migration.
            var migrations = db.Database.GetMigrations().ToList();
            var keys = migrations.FindIndex(m => m.EndsWith("_DataProtectionKeys", StringComparison.Ordinal));
            Assert.True(keys > 0);
            await db.GetService<IMigrator>().MigrateAsync(migrations[keys - 1]);
        }
        SqliteConnection.ClearAllPools();
        await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");

        var report = await DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(host.DatabasePath), target.ConnectionString);

        await using (var db = await host.CreateDbContextAsync())
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(report.Tables, t => t.Table == "DataProtectionKeys" && t.TargetRows == 0);
        Assert.Contains(report.Tables, t => t.Table == "Resources" && t.TargetRows > 0);
        Assert.All(report.Tables, t => Assert.Equal(t.SourceRows, t.TargetRows));
    }

    [Fact]
    public async Task Copy_TargetHoldsData_IsRefusedAndTheTargetIsUnchanged()
    {
        await using var host = await CoreTestHost.StartAsync(OnSqlite);
        await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");
        var first = await DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(host.DatabasePath), target.ConnectionString);
        // A change on the source after the first copy: a second copy, were it allowed, would show it.
        await host.MakeSecurityDelegatedAdministratorAsync();
        var before = await CountsAsync(target.ConnectionString, first.Tables);

        var refused = await Assert.ThrowsAsync<DatabaseCopyRefusedException>(() =>
            DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(host.DatabasePath), target.ConnectionString));

        Assert.Contains("already holds data", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(target.ConnectionString, first.Tables));
        await using var postgreSql = Services(DatabaseProvider.PostgreSql, target.ConnectionString);
        await using var db = await CreateDbContextAsync(postgreSql);
        Assert.False(await db.DelegatedAdministrators.AnyAsync());
    }

    [Fact]
    public async Task Copy_ValueThePostgreSqlColumnRefuses_RollsBackEveryTable()
    {
        await using var host = await CoreTestHost.StartAsync(OnSqlite);
        await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");
        // SQLite does not enforce lengths; PostgreSQL's character varying(32) refuses this in the middle of the copy,
        // after the directory's tables were written.
        await using (var sqlite = new SqliteConnection(SqliteConnectionString(host.DatabasePath)))
        {
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = "UPDATE \"Resources\" SET \"Product\" = 'a product name longer than thirty-two characters' " +
                "WHERE rowid = (SELECT MAX(rowid) FROM \"Resources\")";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var failure = await Assert.ThrowsAsync<PostgresException>(() =>
            DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(host.DatabasePath), target.ConnectionString));

        Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, failure.SqlState);
        await using var postgreSql = Services(DatabaseProvider.PostgreSql, target.ConnectionString);
        await using var db = await CreateDbContextAsync(postgreSql);
        var tables = db.Model.GetRelationalModel().Tables.Select(t => new TableRowCounts(t.Name, 0, 0)).ToList();
        Assert.Contains(tables, t => t.Table == "Accounts");
        Assert.All(await CountsAsync(target.ConnectionString, tables), count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task Copy_MissingSqliteFile_IsRefusedWithoutCreatingIt()
    {
        await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");
        var path = Path.Combine(Path.GetTempPath(), $"bdrc-missing-{Guid.NewGuid():N}.db");

        var refused = await Assert.ThrowsAsync<DatabaseCopyRefusedException>(() =>
            DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(path), target.ConnectionString));

        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Copy_ThenInsert_IdentityKeysContinueAfterTheCopiedIds()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync(OnSqlite);
        await using var target = await TestPostgreSqlDatabase.CreateAsync("copy");
        long copiedMax;
        await using (var sqliteDb = await host.CreateDbContextAsync())
            copiedMax = await sqliteDb.AuditEntries.MaxAsync(a => a.Id);

        await DatabaseCopy.SqliteToPostgreSqlAsync(SqliteConnectionString(host.DatabasePath), target.ConnectionString);

        await using var postgreSql = Services(DatabaseProvider.PostgreSql, target.ConnectionString);
        await using var db = await CreateDbContextAsync(postgreSql);
        var entry = new AuditEntry
        {
            OccurredAt = TestTimeProvider.DefaultStart,
            UserName = Actors.Security.UserName,
            ActingAccountId = Actors.Security.AccountId,
            Action = "Test",
            Target = "after the copy",
        };
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync();
        Assert.Equal(copiedMax + 1, entry.Id);
    }

    /// <summary>The source is a SQLite file even in the suite's PostgreSQL pass.</summary>
    private static void OnSqlite(CoreTestHostOptions options) => options.Engine = DatabaseProvider.Sqlite;

    private static string SqliteConnectionString(string path) => $"Data Source={path}";

    /// <summary>
    /// The dashboard as text, scores to 9 decimals: the Overview sums scores in SQL, and the engines add the same doubles
    /// in different orders (differing in the 16th digit); the stored values themselves are compared exactly elsewhere.
    /// </summary>
    private static string AsText(OverviewDashboard dashboard) =>
        JsonSerializer.Serialize(dashboard, new JsonSerializerOptions { Converters = { new NineDecimals() } });

    private sealed class NineDecimals : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(Math.Round(value, 9));
    }

    /// <summary>The real Core over one engine's database, as the console configures it.</summary>
    private static ServiceProvider Services(DatabaseProvider engine, string connectionString)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(TestEngine.Settings(connectionString, engine)).Build());
        services.AddLogging();
        services.AddBdrcCore();
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new TestTimeProvider()));
        return services.BuildServiceProvider();
    }

    private static Task<BdrcDbContext> CreateDbContextAsync(IServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync();

    private static async Task<List<string>> RiskCountsAsync(BdrcDbContext db) =>
        (await db.AccountRiskCounts.AsNoTracking().Select(r => $"{r.AccountId} {r.RuleId} {r.Product} {r.Severity} {r.Risks}").ToListAsync())
            .Order(StringComparer.Ordinal).ToList();

    private static async Task<long> CountAsync(DbConnection connection, string table)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static async Task<List<long>> CountsAsync(string postgreSqlConnectionString, IEnumerable<TableRowCounts> tables)
    {
        var counts = new List<long>();
        foreach (var table in tables)
            counts.Add(await CountAsync(new NpgsqlConnection(postgreSqlConnectionString), table.Table));
        return counts;
    }
}
