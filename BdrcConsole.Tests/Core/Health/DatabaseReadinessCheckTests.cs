using BdrcConsole.Tests.TestSupport;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Features.Health;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BdrcConsole.Tests.Core.Health;

/// <summary>/readyz's check on real SQLite files: migrated, not yet migrated, and unreachable.</summary>
[Trait(TestEngine.Trait, "Sqlite")] // Missing and unmigrated SQLite files.
public sealed class DatabaseReadinessCheckTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"bdrc-readiness-test-{Guid.NewGuid():N}.db");

    private static DatabaseReadinessCheck CheckOf(string connectionString) =>
        new(new PooledDbContextFactory<BdrcDbContext>(new DbContextOptionsBuilder<BdrcDbContext>().UseSqlite(connectionString).Options));

    private static Task<HealthCheckResult> RunAsync(DatabaseReadinessCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("database", check, null, null) });

    [Fact]
    public async Task Check_MigratedDatabase_IsHealthy()
    {
        var check = CheckOf($"Data Source={path}");
        await using (var db = new BdrcDbContext(new DbContextOptionsBuilder<BdrcDbContext>().UseSqlite($"Data Source={path}").Options))
            await db.Database.MigrateAsync();

        var result = await RunAsync(check);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Check_DatabaseWithoutMigrations_IsUnhealthyAndSaysHowManyArePending()
    {
        // An existing database of no version (an empty file is an empty SQLite database).
        await File.WriteAllBytesAsync(path, []);

        var result = await RunAsync(CheckOf($"Data Source={path}"));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Matches(@"^\d+ database migration\(s\) not applied yet: ", result.Description);
    }

    [Fact]
    public async Task Check_FileInMissingDirectory_IsUnhealthyWithoutThrowing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"bdrc-no-such-dir-{Guid.NewGuid():N}", "bdrc.db");

        var result = await RunAsync(CheckOf($"Data Source={missing};Mode=ReadWrite"));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("The database cannot be reached", result.Description);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
    }
}
