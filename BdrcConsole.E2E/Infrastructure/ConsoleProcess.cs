using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// The console as a process of its own (<c>dotnet BdrcConsole.dll</c>, as deploy/cluster.sh runs it) on a free
/// loopback port: several of them make the instances of one deployment, and a test can kill one by its process id.
/// Collects what it logs at Error or above ("fail:"/"crit:" lines of the console logger).
/// </summary>
public sealed class ConsoleProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> errors = new();
    private readonly ConcurrentQueue<string> output = new();

    private ConsoleProcess(Process process, string baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public string BaseAddress { get; }

    public int ProcessId => process.Id;

    /// <summary>The Error and Critical entries the instance logged (first line of each).</summary>
    public IReadOnlyList<string> Errors => errors.ToList();

    /// <summary>Starts an instance with these settings (configuration keys, e.g. "Bdrc:Database") and waits until /readyz answers.</summary>
    public static async Task<ConsoleProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var app = AppDirectory();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(app, "BdrcConsole.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // A home of its own, as on a machine of its own: nothing (data-protection keys above all) is shared through
        // ~/.aspnet, only through the database.
        start.Environment["HOME"] = Directory.CreateTempSubdirectory("bdrc-instance-home-").FullName;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var instance = new ConsoleProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => instance.Record(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await instance.WaitUntilReadyAsync();
        return instance;
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            errors.Enqueue(line);
    }

    /// <summary>Polls /readyz (the database reachable and migrated) rather than waiting a fixed time.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The console exited with code {process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            try
            {
                if ((await http.GetAsync($"{BaseAddress}/readyz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The console at {BaseAddress} did not become ready:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
    }

    /// <summary>Kills the process at once, as a crash or a lost machine would (no graceful shutdown).</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public bool HasExited => process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web app's build output, beside this test assembly's in the same configuration (bin/Release/net10.0).</summary>
    private static string AppDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "BdrcConsole", "bin", configuration, framework);
            if (File.Exists(Path.Combine(candidate, "BdrcConsole.dll")))
                return candidate;
        }
        throw new InvalidOperationException("BdrcConsole's build output was not found; build the solution first.");
    }
}
