using System.Diagnostics;
using BdrcConsole.Core;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Core.Features.RiskDetection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// The bench command (README "Benchmarks"): builds the synthetic estate once, then times the Core
// queries whose goals the issues set, through the same services the console uses.
var path = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "/tmp/bdrc-bench-1000x200000.db";
const int accounts = 1000, resources = 200_000, iterations = 30;

if (args.Contains("--load"))
{
    // Concurrent browser sessions on the demo (LoadBench); build the solution in Release first.
    var sessions = int.TryParse(args.SkipWhile(a => a != "--load").Skip(1).FirstOrDefault(), out var n) ? n : 20;
    var postgreSqlServer = args.Contains("--postgresql")
        ? args.SkipWhile(a => a != "--pg").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("BDRC_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Give the PostgreSQL server with --pg <connection string> or BDRC_TEST_POSTGRES.")
        : null;
    return await LoadBench.RunAsync(sessions, inApp: args.Contains("--in-app"), postgreSqlServer);
}

if (args.Contains("--postgresql"))
{
    // The same queries on SQLite and PostgreSQL side by side (PostgreSqlBench), on a working copy of the estate.
    if (!File.Exists(path))
    {
        Console.WriteLine($"Building the synthetic estate ({accounts} accounts × {resources} resources) at {path}…");
        await SyntheticEstate.CreateAsync(path, accounts, resources, seed: 42, DateTimeOffset.UtcNow);
    }
    return await PostgreSqlBench.RunAsync(args, path);
}

if (!File.Exists(path))
{
    Console.WriteLine($"Building the synthetic estate ({accounts} accounts × {resources} resources) at {path}…");
    var built = await SyntheticEstate.CreateAsync(path, accounts, resources, seed: 42, DateTimeOffset.UtcNow);
    Console.WriteLine($"Built in {built.Elapsed.TotalSeconds:0.0} s ({built.RecoveryPoints} recovery points).");
}

var services = BenchServices.On(path);

// A file built by an earlier version gets this version's schema and stored aggregates, as the app does on start.
await using (var db = await services.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync())
    await db.Database.MigrateAsync();
await services.GetRequiredService<DetectionMaintenance>().RefreshMissingAggregatesAsync();

var administrator = new Actor(SyntheticEstate.AdministratorEmail, "8000000000000002");
var access = services.GetRequiredService<AccessService>();
var visible = (await access.GetVisibleAccountsAsync(administrator)).Select(a => a.AccountId).ToList();
if (args.Contains("--browser"))
{
    // The console in a real browser (BrowserBench); build the solution in Release first.
    var screenshots = args.SkipWhile(a => a != "--screenshots").Skip(1).FirstOrDefault();
    var browserResults = await NavigationBench.RunDemoAsync();
    if (!args.Contains("--demo-only"))
        browserResults.AddRange(await BrowserBench.RunAsync(path, (await access.GetVisibleAccountDirectoryAsync(administrator)).Accounts, screenshots));
    Report(browserResults.Select(r => (r.Name, r.Median, r.P95, "p95", r.Goal)));
    return browserResults.All(r => double.IsNaN(r.Goal) || r.Median <= r.Goal) ? 0 : 1;
}

if (args.Contains("--policies"))
{
    // The Protection Policy Center alone (PolicyBench), on a copy of the estate: applying writes to it.
    var policyResults = await PolicyBench.RunAsync(path);
    Report(policyResults);
    return policyResults.All(r => r.Median <= r.Goal) ? 0 : 1;
}

if (args.Contains("--detection"))
{
    // Detection alone (DetectionBench): incremental Detect now beside the full re-detection, in one run.
    var detectionResults = await DetectionBench.RunAsync(services, path, waveOnly: args.Contains("--wave-only"));
    Report(detectionResults);
    return detectionResults.All(r => double.IsNaN(r.Goal) || r.Median <= r.Goal) ? 0 : 1;
}

if (args.Contains("--report"))
{
    // The data protection report alone (ReportBench): it only reads the estate, so no detection runs first.
    var reportResults = await ReportBench.RunAsync(services, administrator, visible);
    Report(reportResults);
    return reportResults.All(r => r.Median <= r.Goal) ? 0 : 1;
}

if (args.Contains("--overview"))
{
    // The Overview beside the same numbers by hand-written SQL (its ≤ 2× goal), on the estate as it is: no detection first.
    var overviewOnly = services.GetRequiredService<OverviewService>();
    var service = await MeasureAsync("Overview aggregate: all accounts", 100, () => overviewOnly.GetDashboardAsync(administrator, new OverviewQuery(visible)));
    var byHand = await MeasureAsync("Raw SQL: the same Overview numbers by hand", double.MaxValue, () => RawOverviewAsync(path, visible));
    List<(string Name, double Median, double Tail, string TailKind, double Goal)> overviewResults =
        [service, byHand with { Goal = double.NaN }, ("Overview ÷ raw SQL (ratio, goal ≤ 2)", service.Median / byHand.Median, double.NaN, "", 2)];
    Report(overviewResults);
    return overviewResults.All(r => double.IsNaN(r.Goal) || r.Median <= r.Goal) ? 0 : 1;
}

var resourceQueries = services.GetRequiredService<ResourceQueryService>();
var groups = services.GetRequiredService<ResourceGroupService>();
Console.WriteLine($"Administrator sees {visible.Count} accounts.");

// A saved group for the protection policy preview (important=true: about 40k of the 200k resources).
var previewGroup = (await groups.ListAsync(administrator)).FirstOrDefault(g => g.Name == "Bench important")?.Id
    ?? await groups.CreateAsync(administrator, new ResourceGroupInput("Bench important", null,
        new TagMatcher(MatchMode.All, [new TagConditionInput("important", TagOperator.Equal, "true")])));
var policies = services.GetRequiredService<ProtectionPolicyService>();
var previewPolicy = new PolicyInput("Bench", null, [previewGroup], [
    new SubPolicyInput(SubPolicyKind.OssVersioning),
    new SubPolicyInput(SubPolicyKind.CloudBackupEcs, CronExpression: "0 2 * * *", RetentionDays: 7),
    new SubPolicyInput(SubPolicyKind.NasRecycleBin, RetentionDays: 30),
    new SubPolicyInput(SubPolicyKind.CloudBackupTablestore, CronExpression: "0 2 * * *", RetentionDays: 7, VaultReplication: true, TargetRegionId: "cn-shanghai")]);

var overview = services.GetRequiredService<OverviewService>();
var riskDetection = services.GetRequiredService<RiskDetectionService>();

// Detection first (it writes the scores the queries read). Few runs give a median and a maximum, not a p95: the
// table says "max of 3" for them.
var results = await DetectionBench.RunAsync(services, path);
results.AddRange(new List<(string Name, double Median, double Tail, string TailKind, double Goal)>
{
    await MeasureAsync("Resource Center first page: ECS, all accounts, env=prod, protection=Partly, sort by name", 30, () =>
        resourceQueries.QueryAsync(administrator, new ResourceQuery(ProductType.Ecs, visible)
        {
            TagKey = "env", TagValue = "prod", Protection = ProtectionStatus.PartlyProtected, PageSize = 50,
        })),
    await MeasureAsync("Resource Center first page: OSS, all accounts, region cn-hangzhou, sort by account desc", 30, () =>
        resourceQueries.QueryAsync(administrator, new ResourceQuery(ProductType.Oss, visible)
        {
            RegionId = "cn-hangzhou", SortBy = ResourceSortField.Account, Descending = true, PageSize = 50,
        })),
    await MeasureAsync("Resource Center first page: NAS, 2 accounts, search 'nas-00', sort by created", 30, () =>
        resourceQueries.QueryAsync(administrator, new ResourceQuery(ProductType.Nas, visible.Take(2).ToList())
        {
            Search = "nas-00", SortBy = ResourceSortField.CreatedAt, PageSize = 50,
        })),
    await MeasureAsync("Detect Resources: env=prod AND important=true", 300, () =>
        groups.DetectAsync(administrator, new TagMatcher(MatchMode.All,
            [new TagConditionInput("env", TagOperator.Equal, "prod"), new TagConditionInput("important", TagOperator.Equal, "true")]))),
    await MeasureAsync("Detect Resources: owner=team-7 OR app exists and not web", 300, () =>
        groups.DetectAsync(administrator, new TagMatcher(MatchMode.Any,
            [new TagConditionInput("owner", TagOperator.Equal, "team-7"), new TagConditionInput("app", TagOperator.KeyExistsAndNotEqual, "web")]))),
    await MeasureAsync("Overview aggregate: all accounts", 100, () => overview.GetDashboardAsync(administrator, new OverviewQuery(visible))),
    await MeasureAsync("Risk Detection first page: all accounts, sort by severity", 50, () =>
        riskDetection.ListRisksAsync(administrator, new RiskQuery(visible) { PageSize = 50 })),
    await MeasureAsync("Risk Detection counts: all accounts", 50, () => riskDetection.CountRisksAsync(administrator, new RiskQuery(visible))),
    await MeasureAsync("Protection policy impact preview: important=true (≈ 40k resources), 4 sub-policies, all accounts", 1000, () =>
        policies.PreviewAsync(administrator, previewPolicy, visible)),
});

results.AddRange(await ReportBench.RunAsync(services, administrator, visible));

// The yardstick for the Overview: the same numbers aggregated by hand-written SQL on the same file,
// from the same stored per-account aggregates, top-risky index and snapshots the service reads.
var raw = await MeasureAsync("Raw SQL: the same Overview numbers by hand", double.MaxValue, () => RawOverviewAsync(path, visible));
var overviewMedian = results.Single(r => r.Name.StartsWith("Overview aggregate")).Median;
results.Add(raw with { Goal = double.NaN });
results.Add(("Overview ÷ raw SQL (ratio, goal ≤ 2)", overviewMedian / raw.Median, double.NaN, "", 2));
// For scale: what the headline numbers cost when every resource row is aggregated (no stored aggregates).
var rawScan = await MeasureAsync("Raw SQL: headline numbers aggregated over every resource row", double.MaxValue, () => RawResourceScanAsync(path, visible));
results.Add(rawScan with { Goal = double.NaN });

Report(results);
return results.All(r => double.IsNaN(r.Goal) || r.Median <= r.Goal) ? 0 : 1;

static void Report(IEnumerable<(string Name, double Median, double Tail, string TailKind, double Goal)> results)
{
    Console.WriteLine();
    Console.WriteLine($"{"measurement",-95} {"median ms",10} {"tail ms",8} {"tail is",-10} {"goal ms",8}");
    foreach (var (name, median, tail, tailKind, goal) in results)
        Console.WriteLine($"{name,-95} {median,10:0.0} {tail,8:0.0} {tailKind,-10} {goal,8:0.#} {(double.IsNaN(goal) ? "" : median <= goal ? "met" : "MISSED")}");
}

static Task<int> RawOverviewAsync(string path, IReadOnlyList<string> accounts)
{
    const string rows = "FROM AccountProductScores s WHERE s.AccountId IN (SELECT value FROM json_each($ids))";
    const string notExcluded = "AND NOT EXISTS (SELECT 1 FROM ProductExclusions e WHERE e.AccountId = s.AccountId AND e.Product = s.Product)";
    return RawQueryAsync(path, accounts,
        "SELECT Product, SUM(Resources), SUM(ExcludedResources), SUM(ScoredResources), SUM(ScoreSum), SUM(RiskyResources), SUM(Risks), " +
        $"SUM(CheckFailedResources), SUM(ScoresUpTo60), SUM(Scores61To69), SUM(Scores70To79), SUM(Scores80To94), SUM(Scores95To100) {rows} {notExcluded} GROUP BY Product;" +
        $"SELECT SUM(s.Resources + s.ExcludedResources) {rows} AND EXISTS (SELECT 1 FROM ProductExclusions e WHERE e.AccountId = s.AccountId AND e.Product = s.Product);" +
        $"SELECT AccountId, SUM(Resources), SUM(ScoredResources), SUM(ScoreSum), SUM(RiskyResources), SUM(Risks) {rows} {notExcluded} GROUP BY AccountId;" +
        "SELECT Id, DisplayName FROM Accounts WHERE Id IN (SELECT value FROM json_each($ids));" +
        "SELECT r.Id, r.Name, r.Product, r.AccountId, r.Score, r.RiskCount, r.HighRiskCount FROM Resources r INDEXED BY IX_Resources_TopRisky " +
        "WHERE r.RiskCount > 0 AND r.ExcludedFromChecks = 0 AND r.Score IS NOT NULL AND r.AccountId IN (SELECT value FROM json_each($ids)) " +
        "AND NOT EXISTS (SELECT 1 FROM ProductExclusions e WHERE e.AccountId = r.AccountId AND e.Product = r.Product) " +
        "ORDER BY r.Score, r.HighRiskCount DESC, r.Name LIMIT 10;" +
        "SELECT Day, SUM(Score * ScoredResources), SUM(ScoredResources) FROM ScoreSnapshots WHERE AccountId IN (SELECT value FROM json_each($ids)) AND Score IS NOT NULL " +
        "GROUP BY Day ORDER BY Day DESC LIMIT 30;" +
        "SELECT MAX(TakenAt) FROM ScoreSnapshots WHERE AccountId IN (SELECT value FROM json_each($ids));");
}

static Task<int> RawResourceScanAsync(string path, IReadOnlyList<string> accounts)
{
    const string included = "FROM Resources r WHERE r.AccountId IN (SELECT value FROM json_each($ids)) AND r.ExcludedFromChecks = 0 " +
        "AND NOT EXISTS (SELECT 1 FROM ProductExclusions e WHERE e.AccountId = r.AccountId AND e.Product = r.Product)";
    return RawQueryAsync(path, accounts,
        $"SELECT Product, COUNT(*), COUNT(Score), AVG(Score) {included} GROUP BY Product;" +
        $"SELECT AccountId, COUNT(*), AVG(Score), SUM(RiskCount), SUM(RiskCount > 0) {included} GROUP BY AccountId;" +
        $"SELECT ROUND(Score), COUNT(*) {included} AND Score IS NOT NULL GROUP BY ROUND(Score);");
}

static async Task<int> RawQueryAsync(string path, IReadOnlyList<string> accounts, string sql)
{
    await using var connection = new SqliteConnection($"Data Source={path}");
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    // The same memory-mapped reads as the console's connections (Core's SqliteTuning).
    command.CommandText = "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768";
    await command.ExecuteNonQueryAsync();
    command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(accounts));
    command.CommandText = sql;
    var rows = 0;
    await using var reader = await command.ExecuteReaderAsync();
    do
    {
        while (await reader.ReadAsync())
            rows++;
    }
    while (await reader.NextResultAsync());
    return rows;
}

async Task<(string Name, double Median, double Tail, string TailKind, double Goal)> MeasureAsync<T>(string name, double goalMs, Func<Task<T>> run)
{
    for (var i = 0; i < 3; i++)
        await run();
    var samples = new List<double>();
    for (var i = 0; i < iterations; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        await run();
        samples.Add(stopwatch.Elapsed.TotalMilliseconds);
    }
    samples.Sort();
    // Nearest-rank p95 of the samples (the 29th of 30).
    return (name, samples[samples.Count / 2], samples[(int)Math.Ceiling(samples.Count * 0.95) - 1], $"p95 of {samples.Count}", goalMs);
}
