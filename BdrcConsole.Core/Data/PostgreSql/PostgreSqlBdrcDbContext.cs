using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Data.Sql;
using BdrcConsole.Core.Domain.Resources;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Data.PostgreSql;

/// <summary>
/// The console's model on PostgreSQL, with its own migrations (<c>Data/PostgreSql/Migrations</c>): EF Core keeps one
/// migrations set per context type, and a SQLite migration cannot create PostgreSQL's schema. Services see it as a
/// <see cref="BdrcDbContext"/>; <see cref="BdrcDbContextFactory"/> creates this type when PostgreSQL is configured.
/// Instants stay the 64-bit values SQLite stores (bigint), so detection's hand-written SQL, its stored-form
/// arithmetic and the SQLite → PostgreSQL copy read the same numbers on both engines.
/// </summary>
public sealed class PostgreSqlBdrcDbContext : BdrcDbContext
{
    public PostgreSqlBdrcDbContext(DbContextOptions<BdrcDbContext> options) : base(options)
    {
    }

    internal override SqlDialect Sql => PostgreSqlDialect.Instance;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The partial index's filter in PostgreSQL's terms (its booleans are not numbers).
        builder.Entity<CloudResource>().HasIndex(r => new { r.Score, r.HighRiskCount, r.Name, r.AccountId, r.Product }, TopRiskyIndex.Name)
            .HasFilter(TopRiskyIndex.PostgreSqlFilter);
        // The resources excluded one by one (few or none): the risk lists and counts leave out their results with an
        // anti-join on this, which PostgreSQL otherwise answers by scanning a whole (AccountId, ExcludedFromChecks, …)
        // index for every page (≈ 20 ms on 200,000 resources; 0.4 ms with it). SQLite's planner does not need it.
        builder.Entity<CloudResource>().HasIndex(r => r.Id, "IX_Resources_ExcludedOneByOne").HasFilter("\"ExcludedFromChecks\"");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Text orders and compares by code point, as SQLite's BINARY collation and the console's ordinal sorts do,
        // whatever locale the server's database was created with.
        configurationBuilder.Properties<string>().UseCollation("C");
    }
}
