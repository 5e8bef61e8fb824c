using System.Data.Common;
using System.Linq.Expressions;
using System.Text.Json;
using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Data.Sql;

/// <summary>SQLite's side of <see cref="SqlDialect"/>: the embedded default.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private static readonly System.Reflection.MethodInfo Like = typeof(DbFunctionsExtensions)
        .GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    public override Features.Detection.IScoringFactsSql Facts => Features.Detection.SqliteScoringFactsSql.Instance;
    public override Features.Policies.IPolicyApplicationSql Policies => Features.Policies.SqlitePolicyApplicationSql.Instance;
    public override Features.Policies.IPolicyRunSql Runs => Features.Policies.SqlitePolicyRunSql.Instance;
    public override IRowClaims Claims => SqliteRowClaims.Instance;

    public override string In(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object Value(IEnumerable<string> ids) => JsonSerializer.Serialize(ids);

    private const string RisksBy = "SELECT * FROM \"CheckResults\" INDEXED BY \"";
    private const string FailedOnly = "\" WHERE " + RiskIndexes.FailedOnly;

    public override IQueryable<CloudResource> TopRisky(BdrcDbContext db) =>
        db.Resources.FromSqlRaw("SELECT * FROM \"Resources\" INDEXED BY \"" + TopRiskyIndex.Name + "\" WHERE " + TopRiskyIndex.Filter);

    public override IQueryable<CheckResult> Risks(BdrcDbContext db, string index) => index switch
    {
        RiskIndexes.BySeverity => db.CheckResults.FromSqlRaw(RisksBy + RiskIndexes.BySeverity + FailedOnly),
        RiskIndexes.ByResource => db.CheckResults.FromSqlRaw(RisksBy + RiskIndexes.ByResource + FailedOnly),
        RiskIndexes.ByFirstDetected => db.CheckResults.FromSqlRaw(RisksBy + RiskIndexes.ByFirstDetected + FailedOnly),
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "Not a risk index."),
    };

    public override IQueryable<CloudResource> ResourcesByProductAndName(BdrcDbContext db) =>
        db.Resources.FromSqlRaw("SELECT * FROM \"Resources\" INDEXED BY \"IX_Resources_Product_Name\"");

    /// <summary>SQLite's LIKE ignores ASCII case by itself.</summary>
    public override IQueryable<T> Containing<T>(IQueryable<T> rows, string text, params Expression<Func<T, string>>[] columns) =>
        WhereAnyLike(rows, text, columns, (column, pattern, escape) =>
            Expression.Call(Like, Expression.Constant(EF.Functions), column, pattern, escape));

    public override string Greatest(string left, string right) => $"MAX({left}, {right})";

    // In-process: a prepared statement per write costs no round trip, and a batch would only add work.
    public override int WriteBatchSize => 1;

    public override void Prepare(DbCommand command) => command.Prepare();

    public override IDirectStatement? PrepareDirect(DbConnection connection, string sql, IReadOnlyList<string> parameterNames) =>
        SqliteDirectStatement.Prepare((SqliteConnection)connection, sql, parameterNames);

    /// <summary>One SQLite file serves one instance: nothing to wait for.</summary>
    public override Task<IAsyncDisposable> AcquireAsync(BdrcDbContext db, CancellationToken ct) => Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public override void SetCacheSize(DbConnection connection, int kibibytes) => Execute(connection, $"PRAGMA cache_size = -{kibibytes}");

    /// <summary>SQLite's default: a commit that leaves the write-ahead log over this many pages checkpoints it.</summary>
    private const int AutoCheckpointPages = 1000;

    public override IDisposable WriteRecomputable(DbConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA synchronous";
        var synchronous = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        Execute(connection, "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0");
        return new PostponedCheckpoint(connection, synchronous);
    }


    private sealed class PostponedCheckpoint(DbConnection connection, int synchronous) : IDisposable
    {
        public void Dispose()
        {
            Execute(connection, $"PRAGMA synchronous = {synchronous}; PRAGMA wal_autocheckpoint = {AutoCheckpointPages}");
            // Only an existing file: the database may be gone by the time this runs (a test's), and must not be recreated empty.
            var target = new SqliteConnectionStringBuilder(connection.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ConnectionString;
            _ = Task.Run(() => Checkpoint(target));
        }

        private static void Checkpoint(string connectionString)
        {
            try
            {
                using var checkpointer = new SqliteConnection(connectionString);
                checkpointer.Open();
                // PASSIVE: copies what no reader still needs, waiting for no one; a checkpoint already running makes it
                // return at once.
                Execute(checkpointer, "PRAGMA wal_checkpoint(PASSIVE)");
            }
            catch (SqliteException)
            {
                // Nothing is lost: the log stays valid, and the next commit that finds it over the limit checkpoints it.
            }
        }
    }
}
