using System.Collections.Concurrent;
using BdrcConsole.Core;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Resources;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// The real Core over a synthetic estate (<see cref="SyntheticEstate"/>) in its own temporary SQLite
/// file — copied into a PostgreSQL database of its own when the pass runs on PostgreSQL (<see cref="TestEngine"/>) —
/// recording the SQL it runs. Share one per test class (<c>IClassFixture</c>): building it takes a second or two.
/// </summary>
public class SyntheticEstateHost : IAsyncLifetime
{
    public const int AccountCount = 40;
    public const int ResourceCount = 2000;
    public const int Seed = 7;

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"bdrc-synthetic-{Guid.NewGuid():N}.db");
    private ServiceProvider? provider;
    private TestPostgreSqlDatabase? postgreSql;

    public SyntheticEstateSummary Summary { get; private set; } = null!;
    public SqlLog Sql { get; } = new();
    public IServiceProvider Services => provider ?? throw new InvalidOperationException("Not started.");
    public ResourceQueryService Resources => Services.GetRequiredService<ResourceQueryService>();

    /// <summary>
    /// Whether page queries name the index they walk (SQLite's INDEXED BY). PostgreSQL's planner picks the partial
    /// index from the filter and the LIMIT by itself, so there the tests check the rows, and the bench the speed.
    /// </summary>
    public bool NamesIndexesInSql => !TestEngine.IsPostgreSql;

    /// <summary>The delegated administrator, which manages every account but the management account.</summary>
    public Actor Administrator => new(Summary.AdministratorEmail, Summary.AdministratorAccountId);

    /// <summary>The accounts the administrator sees: itself first, then the managed ones in id order.</summary>
    public IReadOnlyList<string> VisibleAccountIds =>
        Enumerable.Range(2, AccountCount - 1).Select(i => $"{8000000000000000L + i}").ToList();

    public virtual async Task InitializeAsync()
    {
        Summary = await SyntheticEstate.CreateAsync(databasePath, AccountCount, ResourceCount, Seed, TestTimeProvider.DefaultStart);
        var connectionString = $"Data Source={databasePath}";
        if (TestEngine.IsPostgreSql)
        {
            postgreSql = await TestPostgreSqlDatabase.CreateAsync("synthetic");
            await DatabaseCopy.SqliteToPostgreSqlAsync(connectionString, postgreSql.ConnectionString);
            connectionString = postgreSql.ConnectionString;
        }
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(TestEngine.Settings(connectionString)).Build());
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter<SqlLog>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information)
            .AddProvider(Sql));
        services.AddBdrcCore();
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new TestTimeProvider()));
        provider = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (provider is not null)
            await provider.DisposeAsync();
        if (postgreSql is not null)
            await postgreSql.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try { File.Delete(databasePath + suffix); }
            catch (IOException) { /* best effort */ }
        }
    }

    /// <summary>Collects the text of every SQL command EF Core runs.</summary>
    public sealed class SqlLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> commands = new();

        public IReadOnlyList<string> Commands => commands.ToList();

        public void Clear() => commands.Clear();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(SqlLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.commands.Enqueue(formatter(state, exception));
        }
    }
}
