using BdrcConsole.Core;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// The throw-away PostgreSQL server ./test.sh starts (scripts/throwaway-postgres.sh), named by BDRC_TEST_POSTGRES.
/// A journey that needs it fails, with the way to run it, when it is missing.
/// </summary>
public static class PostgreSqlServer
{
    public static string Server => Environment.GetEnvironmentVariable("BDRC_TEST_POSTGRES") is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException("This journey needs PostgreSQL: run it with ./test.sh, which starts a throw-away server, or set BDRC_TEST_POSTGRES.");

    /// <summary>A new database with the demo organisation, migrated and seeded as the first instance's start would.</summary>
    public static async Task<string> CreateDemoDatabaseAsync()
    {
        var name = $"bdrc_e2e_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
        await using var services = CoreOn(connectionString, seedDemo: true);
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return connectionString;
    }

    /// <summary>The Core on a PostgreSQL database, for setting up and checking what the instances did.</summary>
    public static ServiceProvider CoreOn(string connectionString, bool seedDemo = false) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = connectionString,
                ["Bdrc:Database"] = nameof(DatabaseProvider.PostgreSql),
                ["Bdrc:SeedDemoData"] = seedDemo ? "true" : "false",
            }).Build())
            .AddBdrcCore()
            .BuildServiceProvider();

    /// <summary>Drops a database, ending its connections.</summary>
    public static async Task DropAsync(string connectionString)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
