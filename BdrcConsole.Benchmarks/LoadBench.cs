using System.Collections.Concurrent;
using System.Diagnostics;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.E2E.Infrastructure;
using Microsoft.Playwright;

/// <summary>
/// <c>--load [N] [--in-app]</c>: N browser contexts (default 20, at most 50) of the demo's delegated administrator, at
/// once, each signing in and then loading the Overview and Risk Detection 5 times each, until the page's main content is
/// rendered. By default each load is a full page load (a new document, a new circuit); with <c>--in-app</c> it is a
/// click on the page's menu link, as a user moves between pages of the running console (timed in the page, from the
/// click to the first frame with the content). Loopback only; the whole run is cut off after 10 minutes. Reports p50/p95
/// of the page loads and the console process's CPU time and peak memory. With <c>--postgresql [--pg &lt;server&gt;]</c>
/// the demo is built in a new PostgreSQL database and two console instances serve it, the sessions spread over them.
/// </summary>
internal static class LoadBench
{
    private const int Rounds = 5;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    // The Overview and Risk Detection, rendered as the navigation bench defines it.
    private static readonly NavigationBench.Target[] Pages = [NavigationBench.Targets[0], NavigationBench.Targets[2]];

    public static async Task<int> RunAsync(int sessions, bool inApp, string? postgreSqlServer = null)
    {
        sessions = Math.Clamp(sessions, 1, 50);
        var databasePath = Path.Combine(Path.GetTempPath(), $"bdrc-bench-load-{Guid.NewGuid():N}.db");
        // With a PostgreSQL server: the demo in a database of its own there, served by two console instances.
        var postgreSql = postgreSqlServer is null ? null
            : new Npgsql.NpgsqlConnectionStringBuilder(postgreSqlServer) { Database = $"bdrc_bench_load_{Guid.NewGuid():N}" }.ConnectionString;
        var homes = new List<string>();
        var apps = new List<Process>();
        try
        {
            if (postgreSql is null)
                await NavigationBench.CreateDemoAsync(databasePath);
            else
                await NavigationBench.CreateDemoAsync(BenchServices.OnConnection(postgreSql, ("Bdrc:Database", "PostgreSql"), ("Bdrc:SeedDemoData", "true")));
            var baseAddresses = new List<string>();
            for (var i = 0; i < (postgreSql is null ? 1 : 2); i++)
            {
                var baseAddress = $"http://127.0.0.1:{BrowserBench.FreePort()}";
                baseAddresses.Add(baseAddress);
                if (postgreSql is null)
                    apps.Add(BrowserBench.StartApp(databasePath, baseAddress));
                else
                {
                    var home = Path.Combine(Path.GetTempPath(), $"bdrc-bench-load-home-{Guid.NewGuid():N}");
                    Directory.CreateDirectory(home);
                    homes.Add(home);
                    apps.Add(StartPostgreSqlInstance(postgreSql, baseAddress, home));
                }
            }
            try
            {
                for (var i = 0; i < apps.Count; i++)
                    await BrowserBench.WaitUntilListeningAsync(baseAddresses[i], apps[i]);
                await Task.Delay(TimeSpan.FromSeconds(5)); // let the start-up warm-up finish
                var servers = apps.Select(a => ServerProcess(a.Id)).ToList();
                var cpuBefore = servers.Sum(CpuSeconds);
                using var playwright = await Playwright.CreateAsync();
                await using var browser = await SystemChromium.LaunchAsync(playwright);
                var browserCpuBefore = BrowserCpuSeconds(servers);
                var machineBefore = MachineTicks();
                var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
                using var cutoff = new CancellationTokenSource(Limit);
                var loads = new ConcurrentBag<(string Page, double Ms)>();
                var failures = new ConcurrentBag<string>();
                var wall = Stopwatch.StartNew();
                // Sessions spread over the instances in turn.
                await Task.WhenAll(Enumerable.Range(0, sessions).Select(i =>
                    SessionAsync(browser, baseAddresses[i % baseAddresses.Count], inApp, loads, failures, cutoff.Token)));
                var elapsed = wall.Elapsed.TotalSeconds;
                var cpu = servers.Sum(CpuSeconds) - cpuBefore;
                var browserCpu = BrowserCpuSeconds(servers) - browserCpuBefore;
                var memory = servers.Select(MemoryMb).ToList();
                var (rssMb, peakMb) = (memory.Sum(m => m.Rss), memory.Sum(m => m.Peak));
                var machineAfter = MachineTicks();
                var machineBusy = (machineAfter.Busy - machineBefore.Busy) / (double)Math.Max(1, machineAfter.Total - machineBefore.Total);

                Console.WriteLine($"{sessions} sessions × {Rounds} rounds of {string.Join(" + ", Pages.Select(p => p.Name))}, " +
                    $"{(inApp ? "in-app navigation (menu link clicks)" : "full page loads")}" +
                    $"{(postgreSql is null ? " (SQLite, one console)" : $" (PostgreSQL, {apps.Count} console instances on one database, sessions spread over them)")}: " +
                    $"{loads.Count} page loads in {elapsed:0.0} s, {failures.Count} failed{(cutoff.IsCancellationRequested ? " (cut off at the time limit)" : "")}.");
                foreach (var group in loads.GroupBy(l => l.Page).Append(loads.GroupBy(_ => "All pages").Single()))
                {
                    var ms = group.Select(l => l.Ms).Order().ToList();
                    Console.WriteLine($"  {group.Key,-15} p50 {Percentile(ms, 0.50),6:0} ms   p95 {Percentile(ms, 0.95),6:0} ms   max {ms[^1],6:0} ms   ({ms.Count} loads)");
                }
                Console.WriteLine($"  console process{(servers.Count > 1 ? "es (together)" : "")}: {cpu:0.0} s CPU ({cpu / elapsed * 100:0}% of one core over the run), " +
                    $"RSS {rssMb:0} MB, peak {peakMb:0} MB ({peakMb / sessions:0.0} MB per session, start-up included)");
                Console.WriteLine($"  Chromium and Playwright's driver: {browserCpu:0.0} s CPU ({browserCpu / elapsed * 100:0}% of one core; processes that left before the end are not counted)");
                Console.WriteLine($"  the whole machine ({Environment.ProcessorCount} cores, everything running on it): {machineBusy * 100:0}% busy over the run; " +
                    $"load average before {loadBefore}, after {File.ReadAllText("/proc/loadavg").Trim()}");
                foreach (var failure in failures.Distinct().Take(5))
                    Console.WriteLine($"  failure: {failure}");
                return failures.IsEmpty ? 0 : 1;
            }
            finally
            {
                foreach (var app in apps)
                {
                    app.Kill(entireProcessTree: true);
                    await app.WaitForExitAsync();
                }
            }
        }
        finally
        {
            NavigationBench.DeleteDatabase(databasePath);
            foreach (var home in homes)
                Directory.Delete(home, recursive: true);
            if (postgreSql is not null)
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await using var connection = new Npgsql.NpgsqlConnection(postgreSqlServer);
                await connection.OpenAsync();
                var name = new Npgsql.NpgsqlConnectionStringBuilder(postgreSql).Database!;
                await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>One console instance on the PostgreSQL database, as deploy/cluster.sh starts them: the built app, its own HOME.</summary>
    private static Process StartPostgreSqlInstance(string connectionString, string baseAddress, string home)
    {
        var root = BrowserBench.RepositoryRoot();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(root, "BdrcConsole", "bin", "Release", "net10.0", "BdrcConsole.dll"), "--urls", baseAddress])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "BdrcConsole"),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["HOME"] = home;
        start.Environment["Bdrc__Database"] = "PostgreSql";
        start.Environment["ConnectionStrings__Bdrc"] = connectionString;
        start.Environment["Bdrc__SeedDemoData"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The console did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"app {baseAddress}: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task SessionAsync(IBrowser browser, string baseAddress, bool inApp, ConcurrentBag<(string, double)> loads, ConcurrentBag<string> failures, CancellationToken ct)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = baseAddress, ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        try
        {
            var page = await context.NewPageAsync();
            await BrowserBench.SignInAsync(page, "security@acme.test", DemoOrganisation.Password);
            for (var round = 0; round < Rounds && !ct.IsCancellationRequested; round++)
            {
                // Sign-in lands on the Overview: in-app, Risk Detection comes first so that every click changes page.
                foreach (var (name, path, rendered) in inApp ? Pages.Reverse() : Pages)
                {
                    if (inApp)
                    {
                        loads.Add((name, await TimeByMutationsAsync(page, $"document.querySelector('nav a[href=\"{path}\"]').click()", rendered)));
                        continue;
                    }
                    var stopwatch = Stopwatch.StartNew();
                    await page.GotoAsync(path);
                    await page.WaitForFunctionAsync($"() => {rendered}", null, new() { PollingInterval = 20 });
                    loads.Add((name, stopwatch.Elapsed.TotalMilliseconds));
                }
            }
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            failures.Add(ex.Message.Split('\n')[0]);
        }
    }

    /// <summary>
    /// Like <see cref="BrowserBench.TimeInPageAsync"/>, but checks on every DOM change instead of every animation frame:
    /// with 20 pages open, Chromium does not give every page a frame at 60 Hz, and a frame-polled clock would count
    /// the wait for the next frame as page time.
    /// </summary>
    private static Task<double> TimeByMutationsAsync(IPage page, string act, string done) =>
        page.EvaluateAsync<double>($$"""
            () => new Promise(resolve => {
                const start = performance.now();
                const observer = new MutationObserver(() => {
                    if ({{done}}) { observer.disconnect(); resolve(performance.now() - start); }
                });
                observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
                {{act}};
            })
            """);

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(sorted.Count * p) - 1];

    /// <summary>The console itself: <c>dotnet run</c> starts it as its child.</summary>
    private static int ServerProcess(int runner)
    {
        var children = $"/proc/{runner}/task/{runner}/children";
        return File.Exists(children) && File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var child, ..]
            ? int.Parse(child) : runner;
    }

    private static double CpuSeconds(int pid)
    {
        // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): user and system time in clock ticks.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    /// <summary>CPU time of this bench's descendants (Playwright's driver and Chromium), the console's tree left out.</summary>
    private static double BrowserCpuSeconds(IReadOnlyList<int> servers)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
            }
            catch (IOException)
            {
            }
        }
        bool Descends(int pid, int ancestor)
        {
            for (var i = 0; i < 64 && parents.TryGetValue(pid, out var parent); i++, pid = parent)
            {
                if (parent == ancestor)
                    return true;
            }
            return false;
        }
        var self = Environment.ProcessId;
        var total = 0.0;
        foreach (var pid in parents.Keys.Where(p => Descends(p, self) && !servers.Any(server => p == server || Descends(p, server))))
        {
            try
            {
                total += CpuSeconds(pid);
            }
            catch (Exception ex) when (ex is IOException or FormatException)
            {
            }
        }
        return total;
    }

    /// <summary>The first line of /proc/stat: all CPUs' ticks, busy (everything but idle and iowait) and total.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = ticks.Sum();
        return (total - ticks[3] - ticks[4], total);
    }

    private static (double Rss, double Peak) MemoryMb(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        double Kb(string key) => double.Parse(lines.First(l => l.StartsWith(key)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return (Kb("VmRSS:") / 1024, Kb("VmHWM:") / 1024);
    }
}
