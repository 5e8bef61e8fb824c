using Npgsql;
using BdrcConsole.Core.Data.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Core.Data;

/// <summary>
/// Creates the context of the configured engine: <see cref="BdrcDbContext"/> on SQLite,
/// <see cref="PostgreSqlBdrcDbContext"/> on PostgreSQL (each finds its own migrations by its type).
/// </summary>
internal sealed class BdrcDbContextFactory(DbContextOptions<BdrcDbContext> options, IConfiguration configuration) : IDbContextFactory<BdrcDbContext>
{
    private readonly bool postgreSql = DatabaseConfiguration.ProviderOf(configuration) == DatabaseProvider.PostgreSql;

    public BdrcDbContext CreateDbContext() => postgreSql ? new PostgreSqlBdrcDbContext(options) : new BdrcDbContext(options);
}

/// <summary>Reads <c>Bdrc:Database</c> and <c>ConnectionStrings:Bdrc</c> into EF options for either engine.</summary>
public static class DatabaseConfiguration
{
    private static readonly SqliteTuning Tuning = new();

    /// <summary>The configured engine; an unknown name is refused with the names that are accepted.</summary>
    public static DatabaseProvider ProviderOf(IConfiguration configuration)
    {
        var value = configuration[$"{BdrcOptions.SectionName}:{nameof(BdrcOptions.Database)}"];
        if (string.IsNullOrWhiteSpace(value))
            return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"Bdrc:Database is '{value}'; use {string.Join(" or ", Enum.GetNames<DatabaseProvider>())}.");
    }

    /// <summary>Configures EF for the engine and connection string configured.</summary>
    public static void Configure(DbContextOptionsBuilder options, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DependencyInjection.ConnectionStringName)
            ?? throw new InvalidOperationException($"Connection string '{DependencyInjection.ConnectionStringName}' is not configured.");
        Configure(options, ProviderOf(configuration), connectionString);
    }

    /// <summary>Statements the console runs without end (detection's writes, the pages' queries) kept prepared per connection.</summary>
    private const int AutoPreparedStatements = 100;

    /// <summary>
    /// The connection string with Npgsql's automatic preparation on, unless it says otherwise: a statement run a few
    /// times on a connection is prepared there, so PostgreSQL parses and plans it once instead of at every call (a
    /// detection sends thousands of the same few writes). Npgsql leaves it off by default; a connection string that
    /// sets <c>Max Auto Prepare</c> itself keeps its value.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        // The keys as written (a plain builder keeps them): "Max Auto Prepare=0" there keeps it off.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.ContainsKey("Max Auto Prepare") || written.ContainsKey("MaxAutoPrepare"))
            return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPreparedStatements }.ConnectionString;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            // Id lists bind as one array parameter (= ANY(@ids)), which PostgreSQL plans once for any length.
            options.UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
            return;
        }
        // Account lists run to thousands of ids: one JSON parameter (json_each) keeps the SQL, and
        // SQLite's prepared plan, the same for any list length instead of thousands of parameters.
        options.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(Tuning);
    }
}
