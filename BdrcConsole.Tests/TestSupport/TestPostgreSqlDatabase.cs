using Npgsql;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// A new, empty PostgreSQL database on the test server (<c>BDRC_TEST_POSTGRES</c>), dropped when disposed.
/// Tests that need PostgreSQL fail, rather than skip, without a server: a skipped engine would pass unnoticed.
/// </summary>
public sealed class TestPostgreSqlDatabase : IAsyncDisposable
{
    public const string ServerVariable = "BDRC_TEST_POSTGRES";

    private readonly string serverConnectionString;
    private readonly string name;

    private TestPostgreSqlDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        this.name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Connects to this database (and nothing else on the server).</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string (its <c>postgres</c> database), or a failure saying how to get one.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"These tests need PostgreSQL: run them via ./test.sh, or set {ServerVariable} (eval \"$(scripts/throwaway-postgres.sh start)\").");

    public static async Task<TestPostgreSqlDatabase> CreateAsync(string prefix)
    {
        var server = ServerConnectionString;
        var database = new TestPostgreSqlDatabase(server, $"{prefix}_{Guid.NewGuid():N}");
        await database.RunOnServerAsync($"CREATE DATABASE \"{database.name}\"");
        return database;
    }

    private async Task RunOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections of the test's own services still hold the database open: FORCE ends them.
        NpgsqlConnection.ClearAllPools();
        await RunOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}
