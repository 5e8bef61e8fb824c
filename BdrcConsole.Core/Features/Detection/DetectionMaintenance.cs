using System.Diagnostics;
using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Sql;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// The detection engine: evaluates every check item on the resources of some accounts, stores the
/// resource scores and the items that did not pass (risks keep their first-detected time), and
/// snapshots each account's score for the day. Its operations take no actor, so it is internal: the
/// daily worker, start-up, the ZRS conversion and the bench call it; pages go through
/// <see cref="DetectionService"/>, which checks the actor first.
/// </summary>
internal sealed class DetectionMaintenance(IDbContextFactory<BdrcDbContext> dbFactory, TimeProvider time)
{
    private const int AccountsPerBatch = 50;

    /// <summary>Incremental detection reads a chunk of this many accounts while the one before is written.</summary>
    private const int AccountsPerIncrementalRead = 100;

    /// <summary>Detection over every account (seeding, benchmarks): no actor, nothing to authorize.</summary>
    public async Task<DetectionSummary> DetectAllAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.Accounts.Select(a => a.Id).ToListAsync(ct);
        return await DetectAccountsAsync(all, null, ct);
    }

    /// <summary>
    /// The daily run: incremental detection over every account (the changed and the expired resources), which also
    /// gives each account without a snapshot for today its snapshot. Returns the accounts that got one.
    /// </summary>
    public async Task<DetectionSummary> DetectAccountsWithoutTodaysSnapshotAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.Accounts.Select(a => a.Id).ToListAsync(ct);
        return await DetectChangedAsync(all, null, ct);
    }

    /// <summary>What incremental detection of some accounts has to evaluate now: resources marked as changed, and the others whose results lapsed.</summary>
    public async Task<DetectionWork> CountWorkAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (changed, expired) = await ScoringFactsReader.CountDueAsync(db, accountIds, time.GetUtcNow(), ct);
        return new DetectionWork(changed, expired);
    }

    /// <summary>
    /// Incremental detection (docs/rules.md §7): evaluates only the resources of the accounts that are marked as
    /// changed or whose results lapsed, updates their accounts' aggregates by the differences, and gives today's
    /// snapshot to the accounts whose numbers changed or that have none for today, all in one transaction. Leaves
    /// what a full detection (<see cref="DetectAccountsAsync"/>) would, at the cost of the change, not of the estate.
    /// </summary>
    /// <returns>The accounts whose snapshot was written, the resources evaluated and the risks among them.</returns>
    public async Task<DetectionSummary> DetectChangedAsync(IReadOnlyList<string> accountIds, IProgress<DetectionProgress>? progress, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        // Results and aggregates are computed again from the resources if this commit is lost (their marks are lost
        // with it), so the caller waits neither for the disk nor for the log (≈ 14,000 pages after a day's churn) to be
        // copied into the database: that runs in the background once committed.
        var recomputable = db.Sql.Statements.WriteRecomputable(db.Database.GetDbConnection());
        try
        {
            // Everything is written in one transaction: an expiry wave dirties more pages than the usual cache holds,
            // and pages spilled to the WAL before the commit are read back and written again.
            SetCacheSize(db, SqliteTuning.WriteCacheKiB);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // One incremental detection at a time across the instances sharing the database (every instance's daily
            // worker runs it): two over the same due resources would apply their aggregates' differences twice. The
            // next one waits, then reads after the commit and finds only what is still due.
            await TakeDetectionTurnAsync(db, ct);
            var today = Day(now);
            var withSnapshot = await db.ScoreSnapshots.Where(s => s.Day == today && accountIds.Contains(s.AccountId)).Select(s => s.AccountId).ToListAsync(ct);
            var withoutSnapshot = accountIds.Except(withSnapshot).ToList();

            // Reading and evaluating the next accounts runs on another connection while this one writes the last
            // ones: after an expiry wave both take about as long. The other connection reads only after this
            // transaction began, so it sees what this one does (SQLite's writer holds the write lock from BEGIN; on
            // PostgreSQL the lock above keeps other detections out), and accounts are read and written once each.
            var accountChunks = accountIds.Order(StringComparer.Ordinal).Chunk(AccountsPerIncrementalRead).ToList();
            var evaluated = Channel.CreateBounded<EvaluatedBatch>(2);
            using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reading = Task.Run(() => ReadDueAsync(accountChunks, now, evaluated.Writer, stopReading.Token), CancellationToken.None);
            int resources = 0, risks = 0, accountsDone = 0;
            var changedAccounts = new HashSet<string>();
            var toRefresh = new HashSet<(string AccountId, ProductType Product)>();
            try
            {
                await foreach (var batch in evaluated.Reader.ReadAllAsync(ct))
                {
                    var deltas = new AggregateDeltas();
                    await StoreChangesAsync(db, batch, now, deltas, ct);
                    changedAccounts.UnionWith(batch.Changed.Where(r => r.OutcomeChanged).Select(r => r.Resource.Facts.AccountId));
                    toRefresh.UnionWith(deltas.ToRefresh);
                    resources += batch.Resources;
                    risks += batch.Risks;
                    accountsDone += accountChunks[batch.Chunk].Length;
                    progress?.Report(new DetectionProgress(accountsDone, accountIds.Count, resources));
                }
            }
            finally
            {
                await stopReading.CancelAsync();
                // The reader ends by itself on cancellation or a failure; the failure already reached the loop above.
                await reading;
            }
            foreach (var group in toRefresh.GroupBy(k => k.Product))
                await ScoreAggregates.RefreshAsync(db, group.Select(k => k.AccountId).ToList(), ct, [group.Key]);
            var snapshots = changedAccounts.Concat(withoutSnapshot).Distinct().ToList();
            await UpsertSnapshotsAsync(db, snapshots, now, ct);
            await transaction.CommitAsync(ct);
            progress?.Report(new DetectionProgress(accountIds.Count, accountIds.Count, resources));
            return new DetectionSummary(snapshots.Count, resources, risks, stopwatch.Elapsed);
        }
        finally
        {
            recomputable.Dispose();
            // Back to the usual size before the connection returns to the pool, which frees the pages over it.
            SetCacheSize(db, SqliteTuning.CacheKiB);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void SetCacheSize(BdrcDbContext db, int kibibytes) => db.Sql.Statements.SetCacheSize(db.Database.GetDbConnection(), kibibytes);

    /// <summary>Stores the aggregates of every account that has resources but none stored yet (start-up after an upgrade).</summary>
    public async Task RefreshMissingAggregatesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var missing = await db.Accounts
            .Where(a => db.Resources.Any(r => r.AccountId == a.Id) && !db.AccountProductScores.Any(s => s.AccountId == a.Id))
            .Select(a => a.Id).ToListAsync(ct);
        foreach (var batch in missing.Chunk(AccountsPerBatch))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Another instance's detection may be applying differences to these accounts' aggregates.
            await TakeDetectionTurnAsync(db, ct);
            await ScoreAggregates.RefreshAsync(db, batch, ct);
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Re-evaluates some resources after their protection changed, and refreshes their accounts' snapshots.</summary>
    public async Task ReevaluateResourcesAsync(IReadOnlyCollection<string> resourceIds, CancellationToken ct = default)
    {
        if (resourceIds.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The workers' re-evaluations (after a policy run, a finished conversion) update aggregates by differences as
        // incremental detection does: taking its turn, they read what it wrote, on every instance.
        await TakeDetectionTurnAsync(db, ct);
        await ReevaluateResourcesAsync(db, resourceIds, time.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Takes incremental detection's turn (<see cref="WorkLock.IncrementalDetection"/>) until the open transaction
    /// ends, for work that re-scores resources or rewrites their accounts' aggregates in it: a policy edit or deletion,
    /// a change that takes accounts out of management, a batch of completed applications, an exclusion from checks.
    /// Without it, such a transaction and a detection on another instance could both read a resource's old stored
    /// outcome and both apply its difference to the aggregates (PostgreSQL reads committed rows; SQLite has one writer).
    /// <para>
    /// Take it first in the transaction, before its first write: detection holds it while it updates resources and
    /// aggregates, so a transaction that waited for it while holding row locks of its own could deadlock with it.
    /// The order is <see cref="WorkLock.PolicyReconciliation"/> (when taken at all), then this, then rows. Taking it
    /// again later in the same transaction is free (PostgreSQL's advisory locks are re-entrant in a session).
    /// </para>
    /// </summary>
    internal static Task TakeDetectionTurnAsync(BdrcDbContext db, CancellationToken ct) =>
        db.Sql.Claims.LockAsync(db, WorkLock.IncrementalDetection, ct);

    /// <summary>
    /// The same inside the caller's transaction (when one is open), so that a protection change, the resources'
    /// new scores and their accounts' aggregates commit together. Pending EF changes must be saved first. The caller's
    /// transaction should have begun with <see cref="TakeDetectionTurnAsync"/> (lock order); the turn is taken here
    /// again regardless, so that no re-evaluation reads stored outcomes outside it.
    /// </summary>
    internal static async Task ReevaluateResourcesAsync(BdrcDbContext db, IReadOnlyCollection<string> resourceIds, DateTimeOffset now, CancellationToken ct)
    {
        if (resourceIds.Count == 0)
            return;
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (ownTransaction)
        {
            await TakeDetectionTurnAsync(db, ct);
            var accounts = await db.Resources.Where(r => resourceIds.Contains(r.Id)).Select(r => r.AccountId).Distinct().ToListAsync(ct);
            if (accounts.Count > 0)
            {
                var batch = new EvaluatedBatch(now);
                await ScoringFactsReader.ReadAsync(db, accounts, now, batch.Add, ct, resourceIds);
                await StoreChangesAsync(db, batch, now, [], ct);
            }
            if (ownTransaction is not null)
                await ownTransaction.CommitAsync(ct);
        }
    }

    /// <summary>
    /// Reads and evaluates the due resources of the accounts chunk by chunk on a connection of its own, with the stored
    /// items of those whose outcome changed, and hands each chunk on. Ends the channel when done, failed or cancelled.
    /// </summary>
    private async Task ReadDueAsync(IReadOnlyList<string[]> accountChunks, DateTimeOffset now, ChannelWriter<EvaluatedBatch> output, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            for (var chunk = 0; chunk < accountChunks.Count; chunk++)
            {
                var batch = new EvaluatedBatch(now) { Chunk = chunk };
                await ScoringFactsReader.ReadAsync(db, accountChunks[chunk], now, batch.Add, ct, dueOnly: true);
                using (var command = db.Database.GetDbConnection().CreateCommand())
                    batch.PreviousResults = ReadPreviousResults(db, batch.Changed, (sql, parameter) =>
                    {
                        command.CommandText = sql;
                        command.Parameters.Clear();
                        command.AddParameter(parameter.Name, parameter.Value);
                        return command.ExecuteReader();
                    });
                await output.WriteAsync(batch, ct);
            }
            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
        }
    }

    /// <summary>
    /// Writes the outcomes of some resources (not whole accounts), updates their accounts' aggregates by the
    /// differences and upserts today's snapshot of the accounts whose numbers changed and of <paramref name="alsoSnapshot"/>,
    /// in the caller's transaction when one is open, else in one of its own. Returns how many snapshots it wrote.
    /// </summary>
    private static async Task<int> StoreChangesAsync(BdrcDbContext db, EvaluatedBatch batch, DateTimeOffset now, IReadOnlyCollection<string> alsoSnapshot, CancellationToken ct)
    {
        // An account none of whose resources changed keeps its aggregates and snapshot: refreshing them re-reads
        // every resource of the account, which for a run touching a few resources in each of many accounts
        // would cost as much as a full detection.
        var changedAccounts = batch.Changed.Where(r => r.OutcomeChanged).Select(r => r.Resource.Facts.AccountId);
        var snapshotAccounts = changedAccounts.Concat(alsoSnapshot).Distinct().ToList();
        if (batch.Changed.Count == 0 && snapshotAccounts.Count == 0)
            return 0;
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (ownTransaction)
        {
            var deltas = new AggregateDeltas();
            await StoreChangesAsync(db, batch, now, deltas, ct);
            foreach (var group in deltas.ToRefresh.GroupBy(k => k.Product))
                await ScoreAggregates.RefreshAsync(db, group.Select(k => k.AccountId).ToList(), ct, [group.Key]);
            await UpsertSnapshotsAsync(db, snapshotAccounts, now, ct);
            if (ownTransaction is not null)
                await ownTransaction.CommitAsync(ct);
        }
        return snapshotAccounts.Count;
    }

    /// <summary>
    /// Writes the outcomes of some resources and adds their aggregates' differences to the stored rows, in the open
    /// transaction; rows a difference cannot describe are left in <see cref="AggregateDeltas.ToRefresh"/>.
    /// </summary>
    private static Task StoreChangesAsync(BdrcDbContext db, EvaluatedBatch batch, DateTimeOffset now, AggregateDeltas deltas, CancellationToken ct)
    {
        // Written account by account, as the tables and most indexes are laid out: resources found by their validity
        // come in time order, scattered over the whole file.
        batch.Changed.Sort((a, b) => string.CompareOrdinal(a.Resource.Facts.AccountId, b.Resource.Facts.AccountId) is var byAccount and not 0
            ? byAccount : string.CompareOrdinal(a.Resource.Facts.ResourceId, b.Resource.Facts.ResourceId));
        return StoreAsync(db, [], batch, wholeAccounts: false, now, ct, deltas);
    }

    /// <summary>Detection over the given accounts, which the caller has authorized.</summary>
    public async Task<DetectionSummary> DetectAccountsAsync(IReadOnlyList<string> accountIds, IProgress<DetectionProgress>? progress, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        int resources = 0, risks = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // About twenty progress steps, in batches of at most 50 accounts (a batch costs a few queries).
        var batchSize = Math.Clamp(accountIds.Count / 20, 1, AccountsPerBatch);
        var batches = accountIds.Chunk(batchSize).ToList();
        var done = 0;
        for (var start = 0; start < batches.Count; start += ParallelReads)
        {
            // Reading facts is most of detection's time and SQLite serves concurrent readers: a few
            // batches are read at once, each on its own connection, then written one by one on this one.
            var group = batches.Skip(start).Take(ParallelReads).ToList();
            // The reads and the writes of a group happen in detection's turn, which every other writer of outcomes
            // takes first: none commits between a batch's read and its write, whose aggregates are the sums of the
            // outcomes read (SQLite: this transaction holds the write lock; PostgreSQL: the lock's turn).
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await TakeDetectionTurnAsync(db, ct);
            // (Task.Run: Microsoft.Data.Sqlite's async calls complete synchronously.)
            var evaluated = await Task.WhenAll(group.Select(batch => Task.Run(() => ReadAndEvaluateAsync(batch, now, ct), ct)));
            for (var i = 0; i < group.Count; i++)
                await StoreAsync(db, group[i], evaluated[i], wholeAccounts: true, now, ct);
            await transaction.CommitAsync(ct);
            for (var i = 0; i < group.Count; i++)
            {
                resources += evaluated[i].Resources;
                risks += evaluated[i].Risks;
                done += group[i].Length;
                progress?.Report(new DetectionProgress(done, accountIds.Count, resources));
            }
        }
        return new DetectionSummary(accountIds.Count, resources, risks, stopwatch.Elapsed);
    }

    /// <summary>
    /// Evaluates the resources and writes only what changed: a detection that finds the estate as it
    /// was writes almost nothing, and a risk that keeps failing keeps its first-detected time. Whole
    /// accounts get their aggregates and today's snapshot from the outcomes just evaluated, in the same
    /// transaction; a few resources (re-evaluation, incremental detection) update them by their differences.
    /// </summary>
    /// <summary>The readers detection runs at once: one per core, as reading is CPU-bound on a cached database.</summary>
    private static readonly int ParallelReads = Math.Clamp(Environment.ProcessorCount, 1, 4);

    private async Task<EvaluatedBatch> ReadAndEvaluateAsync(IReadOnlyCollection<string> accountIds, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var batch = new EvaluatedBatch(now, wholeAccounts: true)
        {
            StoredScores = await db.AccountProductScores.AsNoTracking().Where(s => accountIds.Contains(s.AccountId)).ToListAsync(ct),
            StoredRiskCounts = await db.AccountRiskCounts.AsNoTracking().Where(c => accountIds.Contains(c.AccountId)).ToListAsync(ct),
        };
        await ScoringFactsReader.ReadAsync(db, accountIds, now, batch.Add, ct);
        return batch;
    }

    /// <param name="OutcomeChanged">False when only the change marker or the validity is to be written.</param>
    /// <param name="ValidUntil">When the new outcome lapses, in the stored form (0: never).</param>
    private sealed record EvaluatedResource(DetectedResource Resource, IReadOnlyList<CheckOutcome> Outcomes, double? Score, int RiskCount, int HighRiskCount, bool CheckFailed, long Hash,
        bool OutcomeChanged, long ValidUntil);

    /// <summary>
    /// Evaluates resources as they are read and sums their accounts' aggregates (pure: runs beside other
    /// batches' reads). Only resources whose outcome changed are kept, for writing.
    /// </summary>
    /// <param name="wholeAccounts">Every resource of the accounts is read, so their aggregates are summed (<see cref="Aggregates"/>);
    /// else some resources are, whose aggregates change by their differences.</param>
    private sealed class EvaluatedBatch(DateTimeOffset now, bool wholeAccounts = false)
    {
        /// <summary>The resources to write: outcome changed, or only their change marker or validity.</summary>
        public List<EvaluatedResource> Changed { get; } = [];
        public AccountScoreAccumulator Aggregates { get; } = new();
        /// <summary>The aggregates stored before, so that only changed rows are written.</summary>
        public IReadOnlyList<AccountProductScore> StoredScores { get; init; } = [];
        public IReadOnlyList<AccountRiskCount> StoredRiskCounts { get; init; } = [];
        /// <summary>Which chunk of incremental detection's accounts this is.</summary>
        public int Chunk { get; init; }
        /// <summary>The stored items of the changed resources, when read beside the writes (else the writer reads them).</summary>
        public Dictionary<string, Dictionary<string, (CheckStatus Status, string? Reason)>>? PreviousResults { get; set; }
        public int Resources { get; private set; }
        public int Risks { get; private set; }

        public void Add(DetectedResource resource)
        {
            var outcomes = CheckEvaluator.Evaluate(resource.Facts, now);
            var score = CheckEvaluator.Score(outcomes);
            int riskCount = 0, highRiskCount = 0;
            var checkFailed = false;
            foreach (var outcome in outcomes)
            {
                riskCount += outcome.Status == CheckStatus.Failed ? 1 : 0;
                highRiskCount += outcome.Status == CheckStatus.Failed && outcome.Item.Severity == RiskSeverity.High ? 1 : 0;
                checkFailed |= outcome.Status == CheckStatus.CheckFailed;
            }
            if (wholeAccounts)
                Aggregates.Add(resource, outcomes, score);
            Resources++;
            Risks += riskCount;
            var hash = OutcomeHash.Of(outcomes);
            var stored = resource.Stored;
            var outcomeChanged = !stored.Checked || stored.Score != score || stored.RiskCount != riskCount || stored.HighRiskCount != highRiskCount
                || stored.HasCheckFailed != checkFailed || stored.OutcomeHash != hash;
            var validUntil = ScoringFactsReader.Stored(CheckEvaluator.ValidUntil(resource.Facts, now, resource.NextSuccessfulRecoveryPointAt));
            if (outcomeChanged || stored.Changes != 0 || stored.ValidUntil != validUntil)
                Changed.Add(new EvaluatedResource(resource, outcomes, score, riskCount, highRiskCount, checkFailed, hash, outcomeChanged, validUntil));
        }
    }

    /// <param name="deltas">For some resources (not whole accounts): collects and applies their aggregates' differences.</param>
    private static async Task StoreAsync(BdrcDbContext db, IReadOnlyList<string> accountIds, EvaluatedBatch batch, bool wholeAccounts, DateTimeOffset now, CancellationToken ct,
        AggregateDeltas? deltas = null)
    {
        var excludedProducts = wholeAccounts
            ? (await db.ProductExclusions.Where(e => accountIds.Contains(e.AccountId)).Select(e => new { e.AccountId, e.Product }).ToListAsync(ct))
                .Select(e => (e.AccountId, e.Product)).ToHashSet()
            : [];
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var writer = new BulkWriter(db, db.Database.GetDbConnection());
            // The statements are built once per call: an expiry wave writes tens of thousands of resources with them.
            var seenOff = db.Sql.Statements.Greatest("\"ChangesSinceDetection\" - @seen", "0");
            var markAndValiditySql = $"UPDATE \"Resources\" SET \"ChangesSinceDetection\" = {seenOff}, \"ValidUntil\" = @until WHERE \"Id\" = @id";
            var outcomeSql = "UPDATE \"Resources\" SET \"Score\" = @score, \"CheckedAt\" = @at, \"RiskCount\" = @risks, \"HighRiskCount\" = @high, " +
                $"\"HasCheckFailed\" = @failed, \"OutcomeHash\" = @hash, \"ChangesSinceDetection\" = {seenOff}, \"ValidUntil\" = @until WHERE \"Id\" = @id";
            writer.Begin();
            var at = writer.ProviderValue<CloudResource>(nameof(CloudResource.CheckedAt), now);
            var items = new CheckResultWriter(writer, at);
            var previousResults = batch.PreviousResults ?? ReadPreviousResults(db, batch.Changed, (sql, parameter) => writer.Query(sql, parameter));
            foreach (var (resource, outcomes, score, riskCount, highRiskCount, checkFailed, hash, outcomeChanged, validUntil) in batch.Changed)
            {
                // The changes seen are taken off the marker, not reset: a change marked since this read stays marked.
                object? until = validUntil == 0 ? null : validUntil;
                if (!outcomeChanged)
                {
                    writer.Write(markAndValiditySql, ("@seen", resource.Stored.Changes), ("@until", until), ("@id", resource.Facts.ResourceId));
                    continue;
                }
                writer.Write(outcomeSql,
                    ("@score", score), ("@at", at), ("@risks", riskCount), ("@high", highRiskCount), ("@failed", checkFailed), ("@hash", hash),
                    ("@seen", resource.Stored.Changes), ("@until", until), ("@id", resource.Facts.ResourceId));
                deltas?.Resource(resource, score, riskCount, checkFailed);
                // Unchanged items (same fingerprint) need neither reading nor writing.
                var stored = resource.Stored;
                if (stored.OutcomeHash != hash)
                    StoreCheckResults(items, resource, outcomes, previousResults, deltas);
            }
            if (wholeAccounts)
                StoreAggregatesAndSnapshots(writer, accountIds, batch, excludedProducts, now);
            deltas?.Apply(writer);
            writer.Commit();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>How many resources' stored results one read asks for.</summary>
    private const int PreviousResultsChunk = 5000;

    /// <summary>
    /// The stored non-passed items of the resources whose items are to be brought in line (checked before, outcome
    /// fingerprint changed), read a few thousand resources to a statement (<paramref name="query"/> runs one with one
    /// parameter): one round trip per chunk rather than one per resource, before any of their writes.
    /// </summary>
    private static Dictionary<string, Dictionary<string, (CheckStatus Status, string? Reason)>> ReadPreviousResults(BdrcDbContext db,
        IReadOnlyList<EvaluatedResource> changed, Func<string, (string Name, object? Value), DbDataReader> query)
    {
        var previous = new Dictionary<string, Dictionary<string, (CheckStatus Status, string? Reason)>>();
        var ids = new List<string>();
        foreach (var c in changed.Where(c => c.OutcomeChanged && c.Resource.Stored.Checked && c.Resource.Stored.OutcomeHash != c.Hash))
        {
            var resourceId = c.Resource.Facts.ResourceId;
            if (StoredItemsAgain(c.Resource) is { } items)
                previous[resourceId] = items;
            else
            {
                previous[resourceId] = [];
                ids.Add(resourceId);
            }
        }
        var sql = "SELECT \"ResourceId\", \"RuleId\", \"Status\", \"Reason\" FROM \"CheckResults\" WHERE " + db.Sql.Lists.In("\"ResourceId\"", "@resources");
        foreach (var chunk in ids.Chunk(PreviousResultsChunk))
        {
            using var reader = query(sql, ("@resources", db.Sql.Lists.Value(chunk)));
            while (reader.Read())
                previous[reader.GetString(0)][reader.GetString(1)] = ((CheckStatus)reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }
        return previous;
    }

    /// <summary>
    /// A resource's stored non-passed items without reading them, when they can be told: they are the non-passed
    /// outcomes whose fingerprint the resource stores (both are written together, by detection alone), so the outcomes
    /// of its facts as of the time that outcome was written are they, if their fingerprint is the stored one. That is
    /// the case after an expiry (only the clock moved since), most of an expiry wave; else null, and they are read.
    /// </summary>
    private static Dictionary<string, (CheckStatus Status, string? Reason)>? StoredItemsAgain(DetectedResource resource)
    {
        if (resource.Stored.CheckedAtInstant is not { } writtenAt)
            return null;
        var then = CheckEvaluator.Evaluate(resource.Facts, writtenAt);
        if (OutcomeHash.Of(then) != resource.Stored.OutcomeHash)
            return null;
        return then.Where(o => o.Status != CheckStatus.Passed).ToDictionary(o => o.Item.RuleId, o => (o.Status, o.Reason));
    }

    /// <summary>Brings one resource's stored non-passed items in line with its outcomes.</summary>
    /// <param name="previousResults">The stored items of the resources checked before (<see cref="ReadPreviousResults"/>); a resource never checked has none.</param>
    /// <param name="deltas">Told of each item that starts or stops failing.</param>
    private static void StoreCheckResults(CheckResultWriter items, DetectedResource resource, IReadOnlyList<CheckOutcome> outcomes,
        Dictionary<string, Dictionary<string, (CheckStatus Status, string? Reason)>> previousResults, AggregateDeltas? deltas)
    {
        var previous = previousResults.GetValueOrDefault(resource.Facts.ResourceId) ?? [];

        foreach (var outcome in outcomes)
        {
            var existed = previous.Remove(outcome.Item.RuleId, out var before);
            var wasFailed = existed && before.Status == CheckStatus.Failed;
            if (wasFailed != (outcome.Status == CheckStatus.Failed))
                deltas?.Risk(resource, outcome.Item, wasFailed ? -1 : +1);
            if (outcome.Status == CheckStatus.Passed)
            {
                if (existed)
                    items.Delete(resource, outcome.Item.RuleId);
            }
            else if (!existed)
                items.Insert(resource, outcome);
            else if (before.Status != outcome.Status || before.Reason != outcome.Reason)
                items.Update(resource, outcome);
        }
        // Results of rules that no longer apply to the resource (none today, but a rule set can shrink).
        foreach (var (ruleId, (status, _)) in previous)
        {
            if (status == CheckStatus.Failed && CheckItems.Find(ruleId) is { } item)
                deltas?.Risk(resource, item, -1);
            items.Delete(resource, ruleId);
        }
    }

    /// <summary>
    /// Writes a resource's check items with statements built once and values in their stored form: an expiry wave
    /// inserts tens of thousands, which the entity-driven <see cref="BulkWriter.Insert"/> would convert property by property.
    /// </summary>
    private sealed class CheckResultWriter(BulkWriter writer, object? at)
    {
        private const string InsertSql = "INSERT INTO \"CheckResults\" (\"ResourceId\", \"RuleId\", \"AccountId\", \"ResourceName\", \"Product\", \"Status\", " +
            "\"Severity\", \"FirstDetectedAt\", \"LastCheckedAt\", \"Reason\") VALUES (@resource, @rule, @account, @name, @product, @status, @severity, @at, @at, @reason)";

        // A risk that starts failing again is detected anew.
        private const string UpdateSql = "UPDATE \"CheckResults\" SET \"Status\" = @status, \"Reason\" = @reason, \"FirstDetectedAt\" = @at, \"LastCheckedAt\" = @at " +
            "WHERE \"ResourceId\" = @resource AND \"RuleId\" = @rule";

        private const string DeleteSql = "DELETE FROM \"CheckResults\" WHERE \"ResourceId\" = @resource AND \"RuleId\" = @rule";

        private readonly Dictionary<ProductType, object?> products = Enum.GetValues<ProductType>()
            .ToDictionary(p => p, p => writer.ProviderValue<CheckResult>(nameof(CheckResult.Product), p));

        public void Insert(DetectedResource resource, CheckOutcome outcome) =>
            writer.Write(InsertSql, ("@resource", resource.Facts.ResourceId), ("@rule", outcome.Item.RuleId), ("@account", resource.Facts.AccountId),
                ("@name", resource.Name), ("@product", products[resource.Facts.Product]), ("@status", (int)outcome.Status),
                ("@severity", (int)outcome.Item.Severity), ("@at", at), ("@reason", outcome.Reason));

        public void Update(DetectedResource resource, CheckOutcome outcome) =>
            writer.Write(UpdateSql, ("@status", (int)outcome.Status), ("@reason", outcome.Reason), ("@at", at),
                ("@resource", resource.Facts.ResourceId), ("@rule", outcome.Item.RuleId));

        public void Delete(DetectedResource resource, string ruleId) =>
            writer.Write(DeleteSql, ("@resource", resource.Facts.ResourceId), ("@rule", ruleId));
    }

    /// <summary>Replaces the accounts' stored aggregates and upserts today's snapshot of each (products excluded as a whole left out).</summary>
    private static void StoreAggregatesAndSnapshots(BulkWriter writer, IReadOnlyList<string> accountIds, EvaluatedBatch batch,
        HashSet<(string, ProductType)> excludedProducts, DateTimeOffset now)
    {
        // Only the rows whose numbers changed are written: after a day's churn most rows stay as they were.
        var accumulator = batch.Aggregates;
        var storedScores = batch.StoredScores.ToDictionary(s => (s.AccountId, s.Product));
        foreach (var row in accumulator.Scores)
        {
            if (!storedScores.Remove((row.AccountId, row.Product), out var stored) || !AccountScoreAccumulator.Unchanged(stored, row))
                writer.Insert(row, replace: true);
        }
        foreach (var gone in storedScores.Values)
            writer.Write("DELETE FROM \"AccountProductScores\" WHERE \"AccountId\" = @account AND \"Product\" = @product",
                ("@account", gone.AccountId), ("@product", writer.ProviderValue<AccountProductScore>(nameof(AccountProductScore.Product), gone.Product)));
        var storedRisks = batch.StoredRiskCounts.ToDictionary(c => (c.AccountId, c.RuleId));
        foreach (var row in accumulator.Risks)
        {
            if (!storedRisks.Remove((row.AccountId, row.RuleId), out var stored) || stored.Risks != row.Risks)
                writer.Insert(row, replace: true);
        }
        foreach (var gone in storedRisks.Values)
            writer.Write("DELETE FROM \"AccountRiskCounts\" WHERE \"AccountId\" = @account AND \"RuleId\" = @rule", ("@account", gone.AccountId), ("@rule", gone.RuleId));

        var included = accumulator.Scores.Where(s => !excludedProducts.Contains((s.AccountId, s.Product))).ToLookup(s => s.AccountId);
        var takenAt = writer.ProviderValue<ScoreSnapshot>(nameof(ScoreSnapshot.TakenAt), now);
        foreach (var accountId in accountIds)
        {
            var rows = included[accountId].ToList();
            var scored = rows.Sum(r => r.ScoredResources);
            UpsertSnapshot(writer, accountId, now, takenAt, scored == 0 ? null : rows.Sum(r => r.ScoreSum) / scored, scored, rows.Sum(r => r.Risks));
        }
    }

    /// <summary>Today's score snapshot of one account, written or replaced (takenAt in the model's stored form).</summary>
    private static void UpsertSnapshot(BulkWriter writer, string accountId, DateTimeOffset now, object? takenAt, double? score, int scored, int risks) =>
        writer.Write("INSERT INTO \"ScoreSnapshots\" (\"AccountId\", \"Day\", \"TakenAt\", \"Score\", \"ScoredResources\", \"Risks\") " +
                "VALUES (@account, @day, @at, @score, @scored, @risks) ON CONFLICT (\"AccountId\", \"Day\") DO UPDATE SET " +
                "\"TakenAt\" = excluded.\"TakenAt\", \"Score\" = excluded.\"Score\", \"ScoredResources\" = excluded.\"ScoredResources\", \"Risks\" = excluded.\"Risks\"",
            ("@account", accountId), ("@day", Day(now)), ("@at", takenAt), ("@score", score), ("@scored", scored), ("@risks", risks));

    /// <summary>
    /// Refreshes the accounts' stored aggregates, then upserts today's snapshot of each: the mean score
    /// of its scored, included resources.
    /// </summary>
    internal static async Task RecordAccountScoresAsync(BdrcDbContext db, IReadOnlyCollection<string> accountIds, DateTimeOffset now, CancellationToken ct,
        IReadOnlyCollection<ProductType>? products = null)
    {
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (ownTransaction)
        {
            // Rewritten from the resources as committed now: a detection applying its differences meanwhile would be lost.
            await TakeDetectionTurnAsync(db, ct);
            await ScoreAggregates.RefreshAsync(db, accountIds, ct, products);
            await UpsertSnapshotsAsync(db, accountIds, now, ct);
            if (ownTransaction is not null)
                await ownTransaction.CommitAsync(ct);
        }
    }

    /// <summary>Upserts today's snapshot of some accounts from their stored aggregates, in the caller's transaction.</summary>
    private static async Task UpsertSnapshotsAsync(BdrcDbContext db, IReadOnlyCollection<string> accountIds, DateTimeOffset now, CancellationToken ct)
    {
        if (accountIds.Count == 0)
            return;
        var scores = await ScoreAggregates.Totals(db, db.AccountProductScores.Where(s => accountIds.Contains(s.AccountId)), x => x.Row.AccountId)
            .ToDictionaryAsync(t => t.Key, ct);
        // One prepared upsert per account rather than tracked entities: a policy run touching resources in a
        // thousand accounts records a thousand snapshots.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var writer = new BulkWriter(db, db.Database.GetDbConnection());
            writer.Begin();
            var takenAt = writer.ProviderValue<ScoreSnapshot>(nameof(ScoreSnapshot.TakenAt), now);
            foreach (var accountId in accountIds)
            {
                var totals = scores.GetValueOrDefault(accountId);
                UpsertSnapshot(writer, accountId, now, takenAt, totals?.Score, totals?.ScoredResources ?? 0, totals?.Risks ?? 0);
            }
            writer.Commit();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Fills the score trend of the last days for a new estate: today's protection configuration is
    /// checked against the recovery points that existed on each of those days. A current risk that
    /// failed every day since some day of that history was first detected on that day (docs/rules.md §7).
    /// </summary>
    public async Task BackfillHistoryAsync(int days, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await db.Accounts.Select(a => a.Id).ToListAsync(ct);
        var now = time.GetUtcNow();
        var failingSince = new RiskHistory();
        for (var daysAgo = days; daysAgo >= 1; daysAgo--)
        {
            var then = now.AddDays(-daysAgo);
            var facts = (await ScoringFactsReader.ReadAsync(db, accounts, then, ct)).Where(f => !f.Excluded).Select(f => f.Facts);
            foreach (var account in facts.GroupBy(f => f.AccountId))
            {
                var outcomes = account.Select(f => failingSince.Record(f.ResourceId, CheckEvaluator.Evaluate(f, then), then)).ToList();
                var scores = outcomes.Select(CheckEvaluator.Score).Where(s => s is not null).Select(s => s!.Value).ToList();
                db.ScoreSnapshots.Add(new ScoreSnapshot
                {
                    AccountId = account.Key,
                    Day = Day(then),
                    TakenAt = then,
                    Score = scores.Count == 0 ? null : scores.Average(),
                    ScoredResources = scores.Count,
                    Risks = outcomes.Sum(o => o.Count(x => x.Status == CheckStatus.Failed)),
                });
            }
        }
        await failingSince.ApplyAsync(db, ct);
        await db.SaveChangesAsync(ct);
    }

    internal static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
