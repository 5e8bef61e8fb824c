using System.Data.Common;
using System.Linq.Expressions;
using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

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

    // Npgsql prepares statements it sees repeatedly by itself (Max Auto Prepare); an explicit Prepare would fix the
    // parameter types at the first call's (null) values.
    public override void Prepare(DbCommand command)
    {
    }

    // Shared buffers are the server's, not the connection's.
    public override void SetCacheSize(DbConnection connection, int kibibytes)
    {
    }
}
