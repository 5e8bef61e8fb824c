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
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// The main bench's queries on SQLite and PostgreSQL side by side (<c>--postgresql [--pg &lt;server&gt;] [--db &lt;estate&gt;]</c>):
/// the estate is copied (the shared file is never written), detected, and imported once into a PostgreSQL database
/// named after it (kept for later runs), then both engines answer the same queries through the same Core services.
/// Full and incremental detection run on copies: a file copy for SQLite, <c>CREATE DATABASE … TEMPLATE</c> for PostgreSQL.
/// </summary>
internal static class PostgreSqlBench
{
    private const int Iterations = 30;

    private sealed record Row(string Name, double Goal, double[] Median, double[] P95, string TailKind);

    public static async Task<int> RunAsync(string[] args, string estatePath)
    {
        var server = args.SkipWhile(a => a != "--pg").Skip(1).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("BDRC_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Give the PostgreSQL server with --pg <connection string> or BDRC_TEST_POSTGRES.");
        var withDetection = !args.Contains("--no-detection");
        var stem = Path.GetFileNameWithoutExtension(estatePath).Replace("bdrc-bench-", "");
        var databaseName = "bdrc_bench_" + new string(stem.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        var postgres = new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ConnectionString;

        // SQLite side: a working copy of the estate (the shared file stays as it is), migrated and detected.
        var sqlitePath = Path.Combine(Path.GetTempPath(), $"bdrc-pgbench-{stem}.db");
        if (!File.Exists(sqlitePath))
        {
            Console.WriteLine($"Copying {estatePath} to {sqlitePath}…");
            File.Copy(estatePath, sqlitePath + ".tmp", overwrite: true);
            File.Move(sqlitePath + ".tmp", sqlitePath);
        }
        await using var sqlite = BenchServices.On(sqlitePath);
        await using (var db = await sqlite.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();
        await sqlite.GetRequiredService<DetectionMaintenance>().RefreshMissingAggregatesAsync();
        var first = await sqlite.GetRequiredService<DetectionMaintenance>().DetectAllAsync();
        Console.WriteLine($"SQLite estate detected: {first.Resources} resources, {first.Risks} risks ({first.Elapsed.TotalSeconds:0.0} s).");

        // PostgreSQL side: imported once, then kept.
        if (!await DatabaseExistsAsync(server, databaseName) || !await HasAccountsAsync(postgres))
        {
            // Not there, or left empty by an import that failed (the copy commits all or nothing): imported anew.
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)");
            Console.WriteLine($"Importing {sqlitePath} into PostgreSQL database {databaseName}…");
            SqliteConnection.ClearAllPools();
            // No command timeout: on millions of rows the copy's single statements run for minutes.
            var report = await DatabaseCopy.SqliteToPostgreSqlAsync($"Data Source={sqlitePath}",
                new NpgsqlConnectionStringBuilder(postgres) { CommandTimeout = 0 }.ConnectionString);
            Console.WriteLine($"Imported {report.Tables.Sum(t => t.TargetRows)} rows in {report.Elapsed.TotalSeconds:0.0} s.");
            await ExecuteAsync(postgres, "VACUUM ANALYZE");
        }

        await using var pg = BenchServices.OnConnection(postgres, ("Bdrc:Database", "PostgreSql"));
        await using (var db = await pg.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();
        // Statistics (migrations may have added indexes since the import), and the visibility map autovacuum keeps in the
        // steady state: without it an index-only scan fetches every heap row (the ECS page's count: 48 → 22 ms).
        await ExecuteAsync(postgres, "VACUUM ANALYZE");
        Console.WriteLine($"PostgreSQL: {await ScalarAsync(postgres, "SELECT version()")}; shared_buffers {await ScalarAsync(postgres, "SHOW shared_buffers")}, " +
            $"work_mem {await ScalarAsync(postgres, "SHOW work_mem")}, effective_cache_size {await ScalarAsync(postgres, "SHOW effective_cache_size")}, " +
            $"random_page_cost {await ScalarAsync(postgres, "SHOW random_page_cost")}, fsync {await ScalarAsync(postgres, "SHOW fsync")}, " +
            $"synchronous_commit {await ScalarAsync(postgres, "SHOW synchronous_commit")}.");

        var engines = new[] { sqlite, pg };
        var rows = new List<Row>();
        var queries = new List<(string Name, double Goal, Func<IServiceProvider, Func<Task>> Make)>();
        // The preview takes seconds a run: fewer runs of it.
        const string previewName = "Protection policy impact preview: important=true, 4 sub-policies, all accounts (5 runs)";
        var administrator = new Actor(SyntheticEstate.AdministratorEmail, "8000000000000002");
        var visible = (await sqlite.GetRequiredService<AccessService>().GetVisibleAccountsAsync(administrator)).Select(a => a.AccountId).ToList();
        var pgVisible = (await pg.GetRequiredService<AccessService>().GetVisibleAccountsAsync(administrator)).Select(a => a.AccountId).ToList();
        if (!visible.SequenceEqual(pgVisible))
            throw new InvalidOperationException("The engines see different accounts.");
        Console.WriteLine($"Administrator sees {visible.Count} accounts. Machine load before measuring: {Load()}.");

        queries.Add(("Resource Center first page: ECS, all accounts, env=prod, protection=Partly, sort by name", 30, s => () =>
            s.GetRequiredService<ResourceQueryService>().QueryAsync(administrator, new ResourceQuery(ProductType.Ecs, visible)
            {
                TagKey = "env", TagValue = "prod", Protection = ProtectionStatus.PartlyProtected, PageSize = 50,
            })));
        queries.Add(("Resource Center first page: OSS, all accounts, region cn-hangzhou, sort by account desc", 30, s => () =>
            s.GetRequiredService<ResourceQueryService>().QueryAsync(administrator, new ResourceQuery(ProductType.Oss, visible)
            {
                RegionId = "cn-hangzhou", SortBy = ResourceSortField.Account, Descending = true, PageSize = 50,
            })));
        queries.Add(("Resource Center first page: NAS, 2 accounts, search 'nas-00', sort by created", 30, s => () =>
            s.GetRequiredService<ResourceQueryService>().QueryAsync(administrator, new ResourceQuery(ProductType.Nas, visible.Take(2).ToList())
            {
                Search = "nas-00", SortBy = ResourceSortField.CreatedAt, PageSize = 50,
            })));
        queries.Add(("Detect Resources: env=prod AND important=true", 300, s => () =>
            s.GetRequiredService<ResourceGroupService>().DetectAsync(administrator, new TagMatcher(MatchMode.All,
                [new TagConditionInput("env", TagOperator.Equal, "prod"), new TagConditionInput("important", TagOperator.Equal, "true")]))));
        queries.Add(("Detect Resources: owner=team-7 OR app exists and not web", 300, s => () =>
            s.GetRequiredService<ResourceGroupService>().DetectAsync(administrator, new TagMatcher(MatchMode.Any,
                [new TagConditionInput("owner", TagOperator.Equal, "team-7"), new TagConditionInput("app", TagOperator.KeyExistsAndNotEqual, "web")]))));
        queries.Add(("Overview aggregate: all accounts", 100, s => () =>
            s.GetRequiredService<OverviewService>().GetDashboardAsync(administrator, new OverviewQuery(visible))));
        queries.Add(("Risk Detection first page: all accounts, sort by severity", 50, s => () =>
            s.GetRequiredService<RiskDetectionService>().ListRisksAsync(administrator, new RiskQuery(visible) { PageSize = 50 })));
        queries.Add(("Risk Detection counts: all accounts", 50, s => () =>
            s.GetRequiredService<RiskDetectionService>().CountRisksAsync(administrator, new RiskQuery(visible))));
        if (!args.Contains("--no-preview"))
            queries.Add((previewName, 1000, s =>
            {
                var previewPolicy = PreviewPolicyAsync(s, administrator).GetAwaiter().GetResult();
                return () => s.GetRequiredService<ProtectionPolicyService>().PreviewAsync(administrator, previewPolicy, visible);
            }));

        // --only <text>[|<text>…]: just the measurements whose name contains one of the texts (e.g. while reading the server's slow-statement log);
        // a text naming detection ("--only detection") picks the detection rows, which are measured together.
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        foreach (var (name, goal, make) in queries.Where(q => only is null || only.Split('|').Any(o => q.Name.Contains(o, StringComparison.OrdinalIgnoreCase))))
        {
            var medians = new double[2];
            var tails = new double[2];
            var runs = name == previewName ? 5 : Iterations;
            for (var e = 0; e < 2; e++)
                (medians[e], tails[e]) = await MeasureAsync(make(engines[e]), runs);
            rows.Add(new Row(name, goal, medians, tails, runs == Iterations ? $"p95 of {runs}" : $"max of {runs}"));
            Console.WriteLine($"  {name}: SQLite {medians[0]:0.0} ms, PostgreSQL {medians[1]:0.0} ms (load {Load()})");
        }

        // The Overview's yardstick: the same numbers by hand-written SQL on each engine.
        var raw = new double[2];
        var rawTail = new double[2];
        (raw[0], rawTail[0]) = await MeasureAsync(() => RawSqliteOverviewAsync(sqlitePath, visible));
        (raw[1], rawTail[1]) = await MeasureAsync(() => RawPostgreSqlOverviewAsync(postgres, visible));
        rows.Add(new Row("Raw SQL: the same Overview numbers by hand", double.NaN, raw, rawTail, $"p95 of {Iterations}"));
        if (rows.SingleOrDefault(r => r.Name.StartsWith("Overview aggregate"))?.Median is { } overview)
            rows.Add(new Row("Overview ÷ raw SQL (ratio, goal ≤ 2)", 2, [overview[0] / raw[0], overview[1] / raw[1]], [double.NaN, double.NaN], ""));

        if (withDetection && (only is null || only.Contains("detection", StringComparison.OrdinalIgnoreCase)))
            rows.AddRange(await DetectionAsync(sqlitePath, server, databaseName));

        Report(rows, Load());
        return rows.All(r => double.IsNaN(r.Goal) || r.Median.All(m => m <= r.Goal)) ? 0 : 1;
    }

    private static async Task<PolicyInput> PreviewPolicyAsync(IServiceProvider services, Actor administrator)
    {
        var groups = services.GetRequiredService<ResourceGroupService>();
        var group = (await groups.ListAsync(administrator)).FirstOrDefault(g => g.Name == "Bench important")?.Id
            ?? await groups.CreateAsync(administrator, new ResourceGroupInput("Bench important", null,
                new TagMatcher(MatchMode.All, [new TagConditionInput("important", TagOperator.Equal, "true")])));
        return new PolicyInput("Bench", null, [group], [
            new SubPolicyInput(SubPolicyKind.OssVersioning),
            new SubPolicyInput(SubPolicyKind.CloudBackupEcs, CronExpression: "0 2 * * *", RetentionDays: 7),
            new SubPolicyInput(SubPolicyKind.NasRecycleBin, RetentionDays: 30),
            new SubPolicyInput(SubPolicyKind.CloudBackupTablestore, CronExpression: "0 2 * * *", RetentionDays: 7, VaultReplication: true, TargetRegionId: "cn-shanghai")]);
    }

    /// <summary>
    /// Full re-detection after a day's churn (1% of the resources change their backup setting), with nothing changed,
    /// and incremental Detect now after the same churn, on a copy of each engine's estate.
    /// </summary>
    private static async Task<List<Row>> DetectionAsync(string sqlitePath, string server, string databaseName)
    {
        var copyName = databaseName + "_detect";
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {copyName} WITH (FORCE)");
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, $"CREATE DATABASE {copyName} TEMPLATE {databaseName}");
        var copy = new NpgsqlConnectionStringBuilder(server) { Database = copyName }.ConnectionString;
        await ExecuteAsync(copy, "ANALYZE");
        var sqliteCopy = Path.Combine(Path.GetTempPath(), "bdrc-pgbench-detection.db");
        var full = new List<double>[] { [], [] };
        var unchanged = new List<double>[] { [], [] };
        var incremental = new List<double>[] { [], [] };
        var evaluated = new int[2];
        try
        {
            for (var e = 0; e < 2; e++)
            {
                await using var services = e == 0 ? BenchServices.OnCopy(sqlitePath, Path.GetFileName(sqliteCopy)) : BenchServices.OnConnection(copy, ("Bdrc:Database", "PostgreSql"));
                var detection = services.GetRequiredService<DetectionMaintenance>();
                List<string> accounts;
                int resources;
                await using (var db = await services.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync())
                {
                    accounts = await db.Accounts.Select(a => a.Id).ToListAsync();
                    resources = await db.Resources.CountAsync();
                }
                Func<int, Task> churn = e == 0
                    ? seed => DetectionBench.ChurnAsync(sqliteCopy, resources / 100, seed)
                    : seed => ChurnPostgreSqlAsync(copy, resources / 100, seed);
                await detection.DetectAllAsync();
                for (var i = 0; i < 3; i++)
                {
                    await churn(i);
                    full[e].Add((await detection.DetectAllAsync()).Elapsed.TotalMilliseconds);
                }
                for (var i = 0; i < 3; i++)
                    unchanged[e].Add((await detection.DetectAllAsync()).Elapsed.TotalMilliseconds);
                for (var i = 0; i < 5; i++)
                {
                    await churn(100 + i);
                    var summary = await detection.DetectChangedAsync(accounts, null, CancellationToken.None);
                    evaluated[e] = summary.Resources;
                    incremental[e].Add(summary.Elapsed.TotalMilliseconds);
                }
                Console.WriteLine($"  Detection on {(e == 0 ? "SQLite" : "PostgreSQL")}: full {string.Join(", ", full[e].Select(v => $"{v:0}"))} ms; " +
                    $"unchanged {string.Join(", ", unchanged[e].Select(v => $"{v:0}"))} ms; incremental {string.Join(", ", incremental[e].Select(v => $"{v:0}"))} ms " +
                    $"({evaluated[e]} evaluated; load {Load()})");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {copyName} WITH (FORCE)");
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(sqliteCopy + suffix);
        }
        static (double Median, double Max) Of(List<double> runs)
        {
            runs.Sort();
            return (runs[runs.Count / 2], runs[^1]);
        }
        Row Make(string name, double goal, List<double>[] runs, string tail)
        {
            var (m0, t0) = Of(runs[0]);
            var (m1, t1) = Of(runs[1]);
            return new Row(name, goal, [m0, m1], [t0, t1], tail);
        }
        return
        [
            Make("Full re-detection: all accounts after 1% of resources changed (3 runs)", 2000, full, "max of 3"),
            Make("Full re-detection: all accounts, nothing changed since the last (3 runs)", 2000, unchanged, "max of 3"),
            Make($"Detect now (incremental): all accounts after 1% changed, {evaluated[1]} evaluated (5 runs)", 300, incremental, "max of 5"),
        ];
    }

    /// <summary>The same day's churn as <see cref="DetectionBench.ChurnAsync"/>, in PostgreSQL's terms (a deterministic pseudo-random 1%).</summary>
    private static async Task ChurnPostgreSqlAsync(string connectionString, int count, int seed)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE \"Resources\" SET \"CloudBackupEnabled\" = NOT \"CloudBackupEnabled\", \"ChangesSinceDetection\" = \"ChangesSinceDetection\" + 1 " +
            "WHERE \"Id\" IN (SELECT \"Id\" FROM \"Resources\" ORDER BY md5(\"Id\" || @seed) LIMIT @count)", connection);
        command.Parameters.AddWithValue("seed", seed.ToString());
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(double Median, double P95)> MeasureAsync(Func<Task> run, int iterations = Iterations)
    {
        for (var i = 0; i < Math.Min(3, iterations); i++)
            await run();
        var samples = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await run();
            samples.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)Math.Ceiling(samples.Count * 0.95) - 1]);
    }

    private static void Report(List<Row> rows, string load)
    {
        Console.WriteLine();
        Console.WriteLine($"{"measurement",-95} {"goal ms",8} | {"SQLite ms",9} {"tail",8} {"",6} | {"PgSQL ms",9} {"tail",8} {"",6} | tail is");
        foreach (var r in rows)
        {
            string Verdict(double v) => double.IsNaN(r.Goal) ? "" : v <= r.Goal ? "met" : "MISSED";
            Console.WriteLine($"{r.Name,-95} {r.Goal,8:0.#} | {r.Median[0],9:0.0} {r.P95[0],8:0.0} {Verdict(r.Median[0]),-6} | " +
                $"{r.Median[1],9:0.0} {r.P95[1],8:0.0} {Verdict(r.Median[1]),-6} | {r.TailKind}");
        }
        Console.WriteLine($"Machine load at the end (1, 5, 15 min): {load}");
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<bool> DatabaseExistsAsync(string server, string name)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task<bool> HasAccountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass('\"Accounts\"') IS NOT NULL AND EXISTS (SELECT 1 FROM pg_class WHERE relname = 'Accounts')", connection);
        if (await command.ExecuteScalarAsync() is not true)
            return false;
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM \"Accounts\")";
        return await command.ExecuteScalarAsync() is true;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static async Task<int> RawSqliteOverviewAsync(string path, IReadOnlyList<string> accounts)
    {
        const string rows = "FROM AccountProductScores s WHERE s.AccountId IN (SELECT value FROM json_each($ids))";
        const string notExcluded = "AND NOT EXISTS (SELECT 1 FROM ProductExclusions e WHERE e.AccountId = s.AccountId AND e.Product = s.Product)";
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768";
        await command.ExecuteNonQueryAsync();
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(accounts));
        command.CommandText =
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
            "SELECT MAX(TakenAt) FROM ScoreSnapshots WHERE AccountId IN (SELECT value FROM json_each($ids));";
        return await CountRowsAsync(command);
    }

    /// <summary>The same Overview numbers by hand on PostgreSQL: the account list as one array parameter (<c>= ANY(@ids)</c>).</summary>
    private static async Task<int> RawPostgreSqlOverviewAsync(string connectionString, IReadOnlyList<string> accounts)
    {
        const string rows = "FROM \"AccountProductScores\" s WHERE s.\"AccountId\" = ANY(@ids)";
        const string notExcluded = "AND NOT EXISTS (SELECT 1 FROM \"ProductExclusions\" e WHERE e.\"AccountId\" = s.\"AccountId\" AND e.\"Product\" = s.\"Product\")";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"Product\", SUM(\"Resources\"), SUM(\"ExcludedResources\"), SUM(\"ScoredResources\"), SUM(\"ScoreSum\"), SUM(\"RiskyResources\"), SUM(\"Risks\"), " +
            "SUM(\"CheckFailedResources\"), SUM(\"ScoresUpTo60\"), SUM(\"Scores61To69\"), SUM(\"Scores70To79\"), SUM(\"Scores80To94\"), SUM(\"Scores95To100\") " +
            $"{rows} {notExcluded} GROUP BY \"Product\";" +
            $"SELECT SUM(s.\"Resources\" + s.\"ExcludedResources\") {rows} AND EXISTS (SELECT 1 FROM \"ProductExclusions\" e WHERE e.\"AccountId\" = s.\"AccountId\" AND e.\"Product\" = s.\"Product\");" +
            $"SELECT \"AccountId\", SUM(\"Resources\"), SUM(\"ScoredResources\"), SUM(\"ScoreSum\"), SUM(\"RiskyResources\"), SUM(\"Risks\") {rows} {notExcluded} GROUP BY \"AccountId\";" +
            "SELECT \"Id\", \"DisplayName\" FROM \"Accounts\" WHERE \"Id\" = ANY(@ids);" +
            "SELECT r.\"Id\", r.\"Name\", r.\"Product\", r.\"AccountId\", r.\"Score\", r.\"RiskCount\", r.\"HighRiskCount\" FROM \"Resources\" r " +
            "WHERE r.\"RiskCount\" > 0 AND NOT r.\"ExcludedFromChecks\" AND r.\"Score\" IS NOT NULL AND r.\"AccountId\" = ANY(@ids) " +
            "AND NOT EXISTS (SELECT 1 FROM \"ProductExclusions\" e WHERE e.\"AccountId\" = r.\"AccountId\" AND e.\"Product\" = r.\"Product\") " +
            "ORDER BY r.\"Score\", r.\"HighRiskCount\" DESC, r.\"Name\" LIMIT 10;" +
            "SELECT \"Day\", SUM(\"Score\" * \"ScoredResources\"), SUM(\"ScoredResources\") FROM \"ScoreSnapshots\" WHERE \"AccountId\" = ANY(@ids) AND \"Score\" IS NOT NULL " +
            "GROUP BY \"Day\" ORDER BY \"Day\" DESC LIMIT 30;" +
            "SELECT MAX(\"TakenAt\") FROM \"ScoreSnapshots\" WHERE \"AccountId\" = ANY(@ids);", connection);
        command.Parameters.AddWithValue("ids", accounts.ToArray());
        return await CountRowsAsync(command);
    }

    private static async Task<int> CountRowsAsync(System.Data.Common.DbCommand command)
    {
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
                count++;
        }
        while (await reader.NextResultAsync());
        return count;
    }
}
