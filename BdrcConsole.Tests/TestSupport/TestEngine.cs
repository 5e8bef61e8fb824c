using BdrcConsole.Core;
using BdrcConsole.Core.Data;
using Npgsql;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// Which engine the Core tests run on. <c>./test.sh</c> runs them twice: on SQLite, then with
/// <c>BDRC_TEST_ENGINE=PostgreSql</c> against the throw-away server named by <c>BDRC_TEST_POSTGRES</c> (a connection
/// string to its maintenance database). Each test database on PostgreSQL is a database of its own, created from a
/// template and dropped afterwards.
/// </summary>
public static class TestEngine
{
    public const string EngineVariable = "BDRC_TEST_ENGINE";
    public const string ServerVariable = "BDRC_TEST_POSTGRES";

    /// <summary>
    /// The trait of a test that runs on one engine only: "Sqlite" (e.g. a SQLite file's upgrade), left out of the
    /// PostgreSQL pass; "PostgreSql" (e.g. the copy into PostgreSQL), left out of the SQLite pass.
    /// </summary>
    public const string Trait = "Engine";

    public static DatabaseProvider Provider { get; } =
        string.Equals(Environment.GetEnvironmentVariable(EngineVariable), nameof(DatabaseProvider.PostgreSql), StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.PostgreSql
            : DatabaseProvider.Sqlite;

    public static bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>The server's maintenance connection string; a test that needs PostgreSQL fails (not skips) without one.</summary>
    public static string Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"This test needs PostgreSQL: run it with ./test.sh, which starts a throw-away server, or set {ServerVariable} to a connection string.");

    /// <summary>The configuration keys that point the Core at a database of the current engine (or of <paramref name="engine"/>).</summary>
    public static Dictionary<string, string?> Settings(string connectionString, DatabaseProvider? engine = null) => new()
    {
        [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = connectionString,
        [$"{BdrcOptions.SectionName}:{nameof(BdrcOptions.Database)}"] = (engine ?? Provider).ToString(),
    };

    /// <summary>The connection string of one database on the server.</summary>
    public static string DatabaseConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    /// <summary>Creates an empty database, or a copy of <paramref name="template"/>; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name, string? template = null)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await command.ExecuteNonQueryAsync();
        return DatabaseConnectionString(name);
    }

    /// <summary>Drops a database, ending its connections (best effort: a leftover is thrown away with the server).</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        ClearPool(DatabaseConnectionString(name));
        try
        {
            await using var connection = new NpgsqlConnection(Server);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
        }
    }

    /// <summary>
    /// Closes the pooled connections to one database (a template must have none when it is copied): the test's own, and
    /// the console's, whose connection string the console extends (<see cref="DatabaseConfiguration.WithAutoPrepare"/>),
    /// which gives them a pool of their own.
    /// </summary>
    public static void ClearPool(string connectionString)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(DatabaseConfiguration.WithAutoPrepare(connectionString)));
    }

    public static string NewDatabaseName(string kind) => $"bdrc_{kind}_{Guid.NewGuid():N}";
}
