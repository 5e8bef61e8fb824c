using BdrcConsole.Core;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Directory;
using BdrcConsole.Core.Features.TrustedServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>How a <see cref="CoreTestHost"/> differs from the default (demo organisation, default settings).</summary>
public sealed class CoreTestHostOptions
{
    /// <summary>Extra configuration keys, e.g. <c>Bdrc:MaxDelegatedAdministrators</c>.</summary>
    public Dictionary<string, string?> Configuration { get; } = [];

    /// <summary>Extra services, e.g. an <see cref="IManagedAccountDataCleaner"/> that records what was cleared.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>
    /// The engine, by default the pass's (<see cref="TestEngine"/>); a SQLite → PostgreSQL copy test needs a SQLite source
    /// in either pass.
    /// </summary>
    public DatabaseProvider Engine { get; set; } = TestEngine.Provider;
}

/// <summary>
/// The real Core over its own temporary database (a SQLite file, or a PostgreSQL database when
/// <see cref="TestEngine"/> says so), migrated and seeded with the demo organisation, with a hand-driven clock.
/// One per test; disposing it deletes the database.
/// </summary>
public sealed class CoreTestHost : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    /// <summary>The SQLite file's path, or the PostgreSQL database's name.</summary>
    private readonly string databasePath;
    private readonly DatabaseProvider engine;

    private readonly string connectionString;
    private readonly CoreTestHostOptions options;

    private CoreTestHost(string connectionString, CoreTestHostOptions options, string databasePath, TestTimeProvider clock)
    {
        provider = BuildProvider(connectionString, options, clock);
        this.connectionString = connectionString;
        this.options = options;
        this.databasePath = databasePath;
        engine = options.Engine;
        Clock = clock;
    }

    public IServiceProvider Services => provider;
    public TestTimeProvider Clock { get; }

    /// <summary>The test's SQLite file (e.g. the source of a copy into PostgreSQL); on PostgreSQL, the database's name.</summary>
    public string DatabasePath => databasePath;

    public ResourceDirectoryService Directory => provider.GetRequiredService<ResourceDirectoryService>();
    public TrustedServiceService TrustedServices => provider.GetRequiredService<TrustedServiceService>();
    public CrossAccountService CrossAccount => provider.GetRequiredService<CrossAccountService>();
    public AccessService Access => provider.GetRequiredService<AccessService>();
    public AuditService Audit => provider.GetRequiredService<AuditService>();

    public static async Task<CoreTestHost> StartAsync(Action<CoreTestHostOptions>? configure = null)
    {
        var options = new CoreTestHostOptions();
        configure?.Invoke(options);

        var clock = new TestTimeProvider();
        if (options.Engine == DatabaseProvider.PostgreSql)
        {
            var database = TestEngine.NewDatabaseName("test");
            var connectionString = await CopySeededPostgreSqlTemplateToAsync(database);
            return new CoreTestHost(connectionString, options, database, clock);
        }
        var databasePath = NewDatabasePath();
        await CopySeededTemplateToAsync(databasePath);
        return new CoreTestHost($"Data Source={databasePath}", options, databasePath, clock);
    }

    /// <summary>
    /// Another console instance on this host's database and clock: its own singletons (runner, workers' services,
    /// context factory and connections), as a second process would have. Dispose it before the host.
    /// </summary>
    public ServiceProvider StartSecondInstance() => BuildProvider(connectionString, options, Clock);

    private static ServiceProvider BuildProvider(string connectionString, CoreTestHostOptions options, TestTimeProvider clock)
    {
        var settings = TestEngine.Settings(connectionString, options.Engine);
        settings["Bdrc:SeedDemoData"] = "true";
        foreach (var (key, value) in options.Configuration)
            settings[key] = value;

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddBdrcCore();
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        options.ConfigureServices?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? templatePath;

    /// <summary>
    /// <see cref="DatabaseInitializer.InitializeAsync"/> (migrations, then the demo organisation and its
    /// estate) runs once per test run, into a template database each host copies: even on an
    /// up-to-date database it diffs the model against the migrations, which would cost every test.
    /// </summary>
    private static async Task CopySeededTemplateToAsync(string databasePath)
    {
        // Copies run one at a time, like the template's creation: concurrent read-only openings of the template raced
        // on rebuilding its WAL index and failed with SQLITE_BUSY_RECOVERY ("database is locked") now and then.
        await TemplateLock.WaitAsync();
        try
        {
            if (templatePath is null)
            {
                var path = NewDatabasePath();
                await using (var provider = BuildProvider($"Data Source={path}", new CoreTestHostOptions { Engine = DatabaseProvider.Sqlite }, new TestTimeProvider()))
                {
                    if (!await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync())
                        throw new InvalidOperationException("The demo organisation was not seeded into the template database.");
                }
                SqliteConnection.ClearAllPools();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteDatabaseFiles(path);
                templatePath = path;
            }

            // The backup API copies a consistent database whatever is still in the template's WAL.
            await using var source = new SqliteConnection($"Data Source={templatePath};Mode=ReadOnly;Pooling=False");
            await using var target = new SqliteConnection($"Data Source={databasePath};Pooling=False");
            await source.OpenAsync();
            await target.OpenAsync();
            source.BackupDatabase(target);
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static string? postgreSqlTemplate;

    /// <summary>The same on PostgreSQL: the template is a database, copied by CREATE DATABASE … TEMPLATE.</summary>
    private static async Task<string> CopySeededPostgreSqlTemplateToAsync(string database)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (postgreSqlTemplate is null)
            {
                var name = TestEngine.NewDatabaseName("template");
                var connectionString = await TestEngine.CreateDatabaseAsync(name);
                await using (var provider = BuildProvider(connectionString, new CoreTestHostOptions { Engine = DatabaseProvider.PostgreSql }, new TestTimeProvider()))
                {
                    if (!await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync())
                        throw new InvalidOperationException("The demo organisation was not seeded into the template database.");
                }
                // A template cannot be copied while anyone is connected to it.
                TestEngine.ClearPool(connectionString);
                postgreSqlTemplate = name;
            }
            return await TestEngine.CreateDatabaseAsync(database, postgreSqlTemplate);
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"bdrc-tests-{Guid.NewGuid():N}.db");

    private static void DeleteDatabaseFiles(string databasePath)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try { File.Delete(databasePath + suffix); }
            catch (IOException) { /* best effort: a leftover temp file must not fail a test */ }
        }
    }

    /// <summary>A context over the test database, for asserting what was (not) written.</summary>
    public Task<BdrcDbContext> CreateDbContextAsync() =>
        provider.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync();

    /// <summary>The management account makes acme-security BDRC's delegated administrator, which then enables cross-account management.</summary>
    public async Task MakeSecurityDelegatedAdministratorAsync(bool enableCrossAccount = true)
    {
        await TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);
        if (enableCrossAccount)
            await CrossAccount.EnableAsync(Actors.Security);
    }

    /// <summary>A demo host where acme-security manages folder Root/Production (with its sub-folder) and acme-sandbox directly.</summary>
    public static async Task<CoreTestHost> StartWithSecurityManagingProductionAndSandboxAsync(Action<CoreTestHostOptions>? configure = null)
    {
        var host = await StartAsync(configure);
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security,
            [TargetSelection.ForFolder(DemoOrganisation.ProductionFolderId), TargetSelection.ForAccount(DemoOrganisation.SandboxId)]);
        return host;
    }

    /// <summary>The ids acme-security manages, as its cross-account management list shows them.</summary>
    public async Task<IReadOnlyList<string>> ManagedBySecurityAsync() =>
        (await CrossAccount.ListManagedAccountsAsync(Actors.Security)).Select(r => r.AccountId).Order().ToList();

    /// <summary>Every folder and account (including removed ones) as text, to prove a refused change wrote nothing.</summary>
    public async Task<string> DirectoryFingerprintAsync()
    {
        await using var db = await CreateDbContextAsync();
        var folders = await db.Folders.AsNoTracking().OrderBy(f => f.Id).Select(f => $"{f.Id}:{f.Name}:{f.ParentId}").ToListAsync();
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Id)
            .Select(a => $"{a.Id}:{a.DisplayName}:{a.FolderId}:{a.JoinMethod}").ToListAsync();
        return string.Join("\n", folders.Concat(accounts));
    }

    /// <summary>Delegated administrators, settings, targets, managed sets and roles as text.</summary>
    public async Task<string> CrossAccountFingerprintAsync()
    {
        await using var db = await CreateDbContextAsync();
        var rows = new List<string>();
        rows.AddRange(await db.DelegatedAdministrators.AsNoTracking().Select(d => $"admin {d.ServiceName} {d.AccountId}").ToListAsync());
        rows.AddRange(await db.CrossAccountSettings.AsNoTracking().Select(s => $"enabled {s.AdministratorAccountId}").ToListAsync());
        rows.AddRange(await db.ManagementTargets.AsNoTracking().Select(t => $"target {t.AdministratorAccountId} {t.Kind} {t.TargetId}").ToListAsync());
        rows.AddRange(await db.ManagedAccounts.AsNoTracking().Select(m => $"managed {m.AdministratorAccountId} {m.AccountId}").ToListAsync());
        rows.AddRange(await db.ServiceLinkedRoles.AsNoTracking().Select(r => $"role {r.AccountId} {r.RoleName}").ToListAsync());
        return string.Join("\n", rows.Order(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        if (engine == DatabaseProvider.PostgreSql)
        {
            await TestEngine.DropDatabaseAsync(databasePath);
            return;
        }
        SqliteConnection.ClearAllPools();
        DeleteDatabaseFiles(databasePath);
    }
}
