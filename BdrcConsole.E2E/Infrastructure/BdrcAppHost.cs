using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// The real app on a free loopback port (Kestrel, not the in-memory test server, so a browser can reach it),
/// in Development with the demo organisation seeded into its own fresh SQLite file, or on a database prepared
/// beforehand (such as a synthetic estate), which it deletes when disposed.
/// </summary>
public sealed class BdrcAppHost : WebApplicationFactory<Program>
{
    private readonly string databasePath;
    private readonly bool seedDemo;
    private readonly IReadOnlyDictionary<string, string> settings;

    /// <param name="settings">Configuration settings on top of the E2E defaults, such as <c>Bdrc:ZrsConversionSeconds</c>.</param>
    /// <param name="preparedDatabasePath">An existing SQLite file to run on instead of a freshly seeded demo.</param>
    public BdrcAppHost(IReadOnlyDictionary<string, string>? settings = null, string? preparedDatabasePath = null)
    {
        databasePath = preparedDatabasePath ?? NewDatabasePath();
        seedDemo = preparedDatabasePath is null;
        this.settings = settings ?? new Dictionary<string, string>();
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = addresses.Single();
    }

    /// <summary>The root URL the app listens on, such as http://127.0.0.1:41234.</summary>
    public string BaseAddress { get; }

    /// <summary>What the app logged at Error or above.</summary>
    public ServerErrorLog Errors { get; } = new();

    /// <summary>The app's open circuits.</summary>
    public OpenCircuitCounter Circuits { get; } = new();

    /// <summary>A new temporary database file name.</summary>
    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"bdrc-e2e-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Bdrc", $"Data Source={databasePath}");
        builder.UseSetting("Bdrc:SeedDemoData", seedDemo ? "true" : "false");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        builder.ConfigureServices(services => services.AddSingleton<CircuitHandler>(Circuits));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        // SQLite pools connections and runs in WAL mode: release the file before deleting it and its side files.
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
            File.Delete(path);
    }
}
