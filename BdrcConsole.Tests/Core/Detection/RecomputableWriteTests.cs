using System.Data.Common;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Tests.Core.Detection;

/// <summary>
/// Incremental detection commits without waiting for the disk (its results are computed again if the commit is lost);
/// the connection it used goes back to the pool with every other commit's durability as before.
/// </summary>
public class RecomputableWriteTests
{
    private static string Setting(DbConnection connection, string statement)
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static string Durability(DbConnection connection) =>
        TestEngine.IsPostgreSql ? Setting(connection, "SHOW synchronous_commit") : Setting(connection, "PRAGMA synchronous");

    [Fact]
    public async Task WriteRecomputable_RelaxesTheConnectionsDurability_AndDisposingRestoresIt()
    {
        await using var host = await CoreTestHost.StartAsync();
        await using var db = await host.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var before = Durability(connection);

        var relaxed = db.Sql.Statements.WriteRecomputable(connection);
        var during = Durability(connection);
        var checkpointsDuring = TestEngine.IsPostgreSql ? null : Setting(connection, "PRAGMA wal_autocheckpoint");
        relaxed.Dispose();

        Assert.Equal(TestEngine.IsPostgreSql ? "off" : "1", during);
        Assert.Equal(before, Durability(connection));
        if (!TestEngine.IsPostgreSql)
        {
            Assert.Equal("0", checkpointsDuring);
            Assert.Equal("1000", Setting(connection, "PRAGMA wal_autocheckpoint"));
        }
    }

    [Fact]
    public async Task DetectNow_AfterAChange_LeavesTheConnectionsItUsedAsTheyWere()
    {
        await using var host = await CoreTestHost.StartAsync();
        string before;
        await using (var db = await host.CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            before = Durability(db.Database.GetDbConnection());
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Resources\" SET \"ChangesSinceDetection\" = 1");
        }
        var accounts = BdrcConsole.Core.Data.Seeding.DemoOrganisation.Accounts.Select(a => a.Id).ToList();

        var summary = await host.DetectionMaintenance().DetectChangedAsync(accounts, null, CancellationToken.None);

        Assert.True(summary.Resources > 0);
        // The pool hands back the connections the detection returned: each reports the usual durability.
        await using var first = await host.CreateDbContextAsync();
        await using var second = await host.CreateDbContextAsync();
        await first.Database.OpenConnectionAsync();
        await second.Database.OpenConnectionAsync();
        Assert.Equal(before, Durability(first.Database.GetDbConnection()));
        Assert.Equal(before, Durability(second.Database.GetDbConnection()));
    }
}
