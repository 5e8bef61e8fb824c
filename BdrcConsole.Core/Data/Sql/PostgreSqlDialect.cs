using System.Data.Common;
using System.Linq.Expressions;
using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace BdrcConsole.Core.Data.Sql;

/// <summary>PostgreSQL's side of <see cref="SqlDialect"/>: the shared database of several console instances.</summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    private static readonly System.Reflection.MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions)
        .GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    public override Features.Detection.IScoringFactsSql Facts => Features.Detection.PostgreSqlScoringFactsSql.Instance;
    public override Features.Policies.IPolicyApplicationSql Policies => Features.Policies.PostgreSqlPolicyApplicationSql.Instance;
    public override Features.Policies.IPolicyRunSql Runs => Features.Policies.PostgreSqlPolicyRunSql.Instance;
    public override IRowClaims Claims => PostgreSqlRowClaims.Instance;

    public override string In(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object Value(IEnumerable<string> ids) => ids as string[] ?? ids.ToArray();

    // The planner walks the partial indexes by itself when the query repeats their filter and orders as they do.
    public override IQueryable<CloudResource> TopRisky(BdrcDbContext db) =>
        db.Resources.Where(r => r.RiskCount > 0 && !r.ExcludedFromChecks && r.Score != null);

    public override IQueryable<CheckResult> Risks(BdrcDbContext db, string index)
    {
        RiskIndexes.Known(index);
        return db.CheckResults.Where(c => c.Status == CheckStatus.Failed);
    }

    public override IQueryable<CloudResource> ResourcesByProductAndName(BdrcDbContext db) => db.Resources;

    /// <summary>PostgreSQL's LIKE respects case; ILIKE is its case-insensitive form.</summary>
    public override IQueryable<T> Containing<T>(IQueryable<T> rows, string text, params Expression<Func<T, string>>[] columns) =>
        WhereAnyLike(rows, text, columns, (column, pattern, escape) =>
            Expression.Call(ILike, Expression.Constant(EF.Functions), column, pattern, escape));

    public override string Greatest(string left, string right) => $"GREATEST({left}, {right})";

    // Each statement alone would be one network round trip: detection's thousands of small writes go a thousand at a time.
    public override int WriteBatchSize => 1000;

    // Npgsql prepares statements it sees repeatedly by itself (Max Auto Prepare, which BdrcDbContextFactory turns on);
    // an explicit Prepare would fix the parameter types at the first call's (null) values.
    public override void Prepare(DbCommand command)
    {
    }

    public override IDirectStatement? PrepareDirect(DbConnection connection, string sql, IReadOnlyList<string> parameterNames) => null;

    /// <summary>The advisory lock instances take for start-up work (an arbitrary number, the same in every instance).</summary>
    private const long StartupLockKey = 0x42445243_0001; // "BDRC", 1

    /// <summary>
    /// A session advisory lock on a connection of its own: held across the initializer's several transactions, and
    /// released by PostgreSQL if the instance dies while holding it.
    /// </summary>
    public override async Task<IAsyncDisposable> AcquireAsync(BdrcDbContext db, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // No database yet: create it (as migrating would), then lock. Another instance may create it first.
            try
            {
                await db.GetService<IRelationalDatabaseCreator>().CreateAsync(ct);
            }
            catch (PostgresException race) when (race.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
            }
            await connection.OpenAsync(ct);
        }
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", StartupLockKey);
        await command.ExecuteNonQueryAsync(ct);
        return new AdvisoryLock(connection);
    }

    private sealed class AdvisoryLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Closing ends the session, which releases its advisory locks (the pool would keep it open).
            await using (connection)
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    // Shared buffers are the server's, not the connection's.
    public override void SetCacheSize(DbConnection connection, int kibibytes)
    {
    }

    /// <summary>The server's own checkpointer writes the log out; a commit need only not wait for the log's flush.</summary>
    public override IDisposable WriteRecomputable(DbConnection connection)
    {
        Execute(connection, "SET synchronous_commit = off");
        // A connection that broke keeps no setting to restore (and the failure that broke it is the one to report).
        return new Restore(() =>
        {
            if (connection.State == System.Data.ConnectionState.Open)
                Execute(connection, "RESET synchronous_commit");
        });
    }


    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
