using System.Globalization;
using BdrcConsole.Core;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole;

/// <summary>
/// <c>Bdrc__Database=PostgreSql ConnectionStrings__Bdrc="Host=…" dotnet run --project BdrcConsole -- --import-sqlite /path/bdrc-console.db</c>:
/// the upgrade from SQLite, copying every table of the file into the configured (empty) PostgreSQL database instead of
/// starting the console, then showing each table's counts and each account's score summary on both engines.
/// </summary>
public static class DatabaseImportCommand
{
    public const string Switch = "--import-sqlite";

    public static bool IsRequested(string[] args) => args.Contains(Switch);

    public static async Task<int> RunAsync(string[] args)
    {
        // The console's own configuration sources (appsettings, the repository's development settings, environment
        // variables, command line), without starting it.
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddRepositoryDevelopmentSettings(builder.Environment);
        var configuration = builder.Configuration;

        string path, sqlite, postgreSql;
        try
        {
            path = CommandLine.Option(args, Switch) ?? throw new ArgumentException($"{Switch} <path of the SQLite file> is required.");
            if (!File.Exists(path))
                throw new ArgumentException($"The SQLite file '{path}' does not exist.");
            if (DatabaseConfiguration.ProviderOf(configuration) != DatabaseProvider.PostgreSql)
                throw new ArgumentException("The configured database is not PostgreSQL: set Bdrc__Database=PostgreSql and ConnectionStrings__Bdrc to the target.");
            postgreSql = configuration.GetConnectionString(DependencyInjection.ConnectionStringName)
                ?? throw new ArgumentException($"ConnectionStrings:{DependencyInjection.ConnectionStringName} (the PostgreSQL target) is not configured.");
            sqlite = $"Data Source={Path.GetFullPath(path)}";
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"Cannot import: {ex.Message}");
            return 2;
        }

        DatabaseCopyReport report;
        try
        {
            Console.WriteLine($"Copying {path} into PostgreSQL ({Describe(postgreSql)}) …");
            report = await DatabaseCopy.SqliteToPostgreSqlAsync(sqlite, postgreSql);
        }
        catch (DatabaseCopyRefusedException ex)
        {
            Console.Error.WriteLine($"Cannot import: {ex.Message}");
            return 2;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"The import failed and nothing was kept in PostgreSQL: {ex.Message}");
            return 1;
        }

        PrintCounts(report);
        return await PrintAndCompareScoresAsync(sqlite, postgreSql) ? 0 : 1;
    }

    private static void PrintCounts(DatabaseCopyReport report)
    {
        var width = report.Tables.Max(t => t.Table.Length);
        Console.WriteLine($"{"Table".PadRight(width)}  {"SQLite",10}  {"PostgreSQL",10}");
        foreach (var table in report.Tables)
            Console.WriteLine($"{table.Table.PadRight(width)}  {Count(table.SourceRows),10}  {Count(table.TargetRows),10}");
        Console.WriteLine($"{report.Tables.Count} tables, {Count(report.Tables.Sum(t => t.TargetRows))} rows copied in {report.Elapsed.TotalSeconds:0.0} s; counts match.");
    }

    /// <summary>
    /// Each account's stored score aggregates, read again from both databases now that the copy is committed; true when
    /// every account's summary is the same on both.
    /// </summary>
    private static async Task<bool> PrintAndCompareScoresAsync(string sqlite, string postgreSql)
    {
        IReadOnlyList<AccountScoreSummary> before, after;
        await using (var db = new BdrcDbContext(Options(DatabaseProvider.Sqlite, sqlite)))
            before = await DatabaseCopy.ScoreSummariesAsync(db);
        await using (var db = new PostgreSqlBdrcDbContext(Options(DatabaseProvider.PostgreSql, postgreSql)))
            after = await DatabaseCopy.ScoreSummariesAsync(db);

        Console.WriteLine();
        Console.WriteLine($"{"Account",-20}  {"Scored",8}  {"Mean score",10}  {"Risks",8}  {"Failed checks",13}  Same on PostgreSQL");
        var copied = after.ToDictionary(s => s.AccountId);
        foreach (var account in before)
        {
            var same = copied.TryGetValue(account.AccountId, out var other) && other == account;
            var mean = account.ScoredResources > 0 ? (account.ScoreSum / account.ScoredResources).ToString("0.0", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"{account.AccountId,-20}  {Count(account.ScoredResources),8}  {mean,10}  {Count(account.Risks),8}  {Count(account.FailedChecks),13}  {(same ? "yes" : "NO")}");
        }

        if (before.SequenceEqual(after))
        {
            Console.WriteLine($"{before.Count} accounts: scores match.");
            return true;
        }
        Console.Error.WriteLine($"Scores differ: {before.Count} accounts in SQLite, {after.Count} in PostgreSQL, {before.Count(b => !copied.TryGetValue(b.AccountId, out var o) || o != b)} differing.");
        return false;
    }

    private static DbContextOptions<BdrcDbContext> Options(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<BdrcDbContext>();
        DatabaseConfiguration.Configure(options, provider, connectionString);
        return options.Options;
    }

    /// <summary>Where the copy goes, without the password.</summary>
    private static string Describe(string connectionString)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{target.Host}:{target.Port}/{target.Database}";
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
