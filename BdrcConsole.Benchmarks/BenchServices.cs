using BdrcConsole.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The Core services on one database file, as the console composes them, for the benches that work without the web app.</summary>
internal static class BenchServices
{
    /// <summary>Core on <paramref name="databasePath"/>, with extra settings (e.g. <c>Bdrc:SeedDemoData</c>).</summary>
    public static ServiceProvider On(string databasePath, params (string Key, string Value)[] settings) =>
        OnConnection($"Data Source={databasePath}", settings);

    /// <summary>Core on a connection string (with <c>("Bdrc:Database", "PostgreSql")</c> for a PostgreSQL database).</summary>
    public static ServiceProvider OnConnection(string connectionString, params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?> { ["ConnectionStrings:Bdrc"] = connectionString };
        foreach (var (key, value) in settings)
            configuration[key] = value;
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddBdrcCore()
            .BuildServiceProvider();
    }

    /// <summary>A fresh copy of an estate at <c>&lt;temp&gt;/&lt;copyName&gt;</c> (benches that write leave the estate as it was), and Core on it.</summary>
    public static ServiceProvider OnCopy(string estatePath, string copyName)
    {
        var copy = Path.Combine(Path.GetTempPath(), copyName);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(copy + suffix);
        File.Copy(estatePath, copy);
        return On(copy);
    }
}
