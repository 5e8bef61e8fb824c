using System.Data.Common;
using System.Linq.Expressions;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;

namespace BdrcConsole.Core.Data.Sql;

/// <summary>
/// Lists of ids in hand-written SQL. Account lists run to thousands of ids: one parameter (a JSON array read by
/// SQLite's <c>json_each</c>, an array for PostgreSQL's <c>= ANY</c>) keeps the statement, and its prepared plan, the
/// same for any length.
/// </summary>
internal interface IIdListSql
{
    /// <summary>A condition "<paramref name="column"/> is one of the ids in <paramref name="parameter"/>".</summary>
    string In(string column, string parameter);

    /// <summary>The value to bind to that parameter.</summary>
    object Value(IEnumerable<string> ids);
}

/// <summary>
/// The index a page's query must walk to stop after one page. SQLite's planner does not see that walking a
/// partial index in order and stopping beats sorting every selected account's rows, so SQLite is told
/// (<c>INDEXED BY</c>); PostgreSQL's planner picks the index from the filter and the <c>LIMIT</c> by itself.
/// </summary>
internal interface IIndexWalks
{
    /// <summary>Scored, risky resources not excluded one by one, in the Overview's "top risky" order.</summary>
    IQueryable<CloudResource> TopRisky(BdrcDbContext db);

    /// <summary>Failed check items (risks) in the order of one of <see cref="RiskIndexes"/>.</summary>
    IQueryable<CheckResult> Risks(BdrcDbContext db, string index);

    /// <summary>Resources in (Product, Name) order.</summary>
    IQueryable<CloudResource> ResourcesByProductAndName(BdrcDbContext db);
}

/// <summary>"Contains this text, ignoring case" for search boxes, with the user's % and _ matching themselves.</summary>
internal interface ITextSearch
{
    /// <summary>Rows where any of the columns contains <paramref name="text"/>, ignoring (ASCII) case.</summary>
    IQueryable<T> Containing<T>(IQueryable<T> rows, string text, params Expression<Func<T, string>>[] columns);
}

/// <summary>Engine-specific bits of the few statements detection and bulk writers run by hand.</summary>
internal interface IStatementSql
{
    /// <summary>The larger of two integer expressions (SQLite's scalar MAX, PostgreSQL's GREATEST).</summary>
    string Greatest(string left, string right);

    /// <summary>
    /// How many of <see cref="BulkWriter"/>'s writes go to the database together: 1 where statements run in-process
    /// (each at once, prepared), more where each statement would otherwise cost a network round trip.
    /// </summary>
    int WriteBatchSize { get; }

    /// <summary>Prepares a command that runs many times, where the engine gains from it.</summary>
    void Prepare(DbCommand command);

    /// <summary>
    /// A write statement that runs many times, prepared to run straight on the engine where it runs in-process
    /// (<see cref="SqliteDirectStatement"/>); null where it would gain nothing (PostgreSQL: writes go in batches).
    /// </summary>
    IDirectStatement? PrepareDirect(DbConnection connection, string sql, IReadOnlyList<string> parameterNames);

    /// <summary>Sets the page cache of the open connection (KiB), where the engine has one per connection.</summary>
    void SetCacheSize(DbConnection connection, int kibibytes);

    /// <summary>
    /// Lets the open connection's next commits skip waiting for the disk, for a large write of data that can be computed
    /// again from what is stored (detection's results, with the marks that say what is still to evaluate: a commit lost
    /// to a power cut leaves them marked, and the next detection evaluates them again). SQLite neither syncs its
    /// write-ahead log at such a commit (<c>synchronous = NORMAL</c>: the file stays consistent, the next ordinary
    /// commit syncs the log) nor copies it into the database then (it checkpoints at the commit that finds the log
    /// over 1,000 pages); PostgreSQL commits without waiting for its log's flush. Disposing the result restores the
    /// connection's settings and, on SQLite, runs the held-back checkpoint in the background.
    /// </summary>
    IDisposable WriteRecomputable(DbConnection connection);
}

/// <summary>
/// Start-up work that must run on one instance at a time: migrations and the demo seed. Several instances started
/// together on one empty PostgreSQL database would otherwise each create the schema and seed the organisation.
/// </summary>
internal interface IStartupLock
{
    /// <summary>Waits until no other instance holds the lock, then holds it until disposed.</summary>
    Task<IAsyncDisposable> AcquireAsync(BdrcDbContext db, CancellationToken ct);
}

/// <summary>The SQL one database engine needs where EF Core's translation is not enough, one small interface per concern.</summary>
internal abstract class SqlDialect : IIdListSql, IIndexWalks, ITextSearch, IStatementSql, IStartupLock
{
    public IIdListSql Lists => this;
    public IIndexWalks Walks => this;
    public ITextSearch Text => this;
    public IStatementSql Statements => this;
    public IStartupLock Startup => this;

    /// <summary>The statements that read detection's facts (<see cref="Features.Detection.ScoringFactsReader"/>).</summary>
    public abstract Features.Detection.IScoringFactsSql Facts { get; }

    /// <summary>The set-based statements of policy application.</summary>
    public abstract Features.Policies.IPolicyApplicationSql Policies { get; }

    /// <summary>The set-based statements of a policy execution batch.</summary>
    public abstract Features.Policies.IPolicyRunSql Runs { get; }

    /// <summary>How background work claims its rows, so that it runs once across instances.</summary>
    public abstract IRowClaims Claims { get; }

    public abstract string In(string column, string parameter);
    public abstract object Value(IEnumerable<string> ids);
    public abstract IQueryable<CloudResource> TopRisky(BdrcDbContext db);
    public abstract IQueryable<CheckResult> Risks(BdrcDbContext db, string index);
    public abstract IQueryable<CloudResource> ResourcesByProductAndName(BdrcDbContext db);
    public abstract IQueryable<T> Containing<T>(IQueryable<T> rows, string text, params Expression<Func<T, string>>[] columns);
    public abstract string Greatest(string left, string right);
    public abstract int WriteBatchSize { get; }
    public abstract void Prepare(DbCommand command);
    public abstract IDirectStatement? PrepareDirect(DbConnection connection, string sql, IReadOnlyList<string> parameterNames);
    public abstract void SetCacheSize(DbConnection connection, int kibibytes);
    public abstract IDisposable WriteRecomputable(DbConnection connection);
    public abstract Task<IAsyncDisposable> AcquireAsync(BdrcDbContext db, CancellationToken ct);

    /// <summary>Runs a statement that returns nothing on the open connection (engine settings, pragmas).</summary>
    protected static void Execute(DbConnection connection, string statement)
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// <c>row => like(column1, pattern) || like(column2, pattern) …</c>, with the pattern a captured variable so EF
    /// sends it as a parameter. <paramref name="like"/> is the engine's (case-insensitive) LIKE.
    /// </summary>
    protected static IQueryable<T> WhereAnyLike<T>(IQueryable<T> rows, string text, Expression<Func<T, string>>[] columns,
        Func<Expression, Expression, Expression, Expression> like)
    {
        var pattern = new PatternHolder($"%{LikePattern.Escape(text)}%");
        var patternValue = Expression.Field(Expression.Constant(pattern), nameof(PatternHolder.Value));
        var escape = Expression.Constant(LikePattern.EscapeCharacter);
        var row = Expression.Parameter(typeof(T), "row");
        var body = columns
            .Select(column => like(new ReplaceParameter(column.Parameters[0], row).Visit(column.Body), patternValue, escape))
            .Aggregate(Expression.OrElse);
        return rows.Where(Expression.Lambda<Func<T, bool>>(body, row));
    }

    private sealed class PatternHolder(string value)
    {
        public readonly string Value = value;
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
