using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BdrcConsole.Core.Data.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef migrations add X --context PostgreSqlBdrcDbContext --output-dir Data/PostgreSql/Migrations</c> build
/// the PostgreSQL model without a server (adding a migration does not connect).
/// </summary>
internal sealed class DesignTimePostgreSqlDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlBdrcDbContext>
{
    public PostgreSqlBdrcDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BdrcDbContext>();
        DatabaseConfiguration.Configure(options, DatabaseProvider.PostgreSql, "Host=localhost;Database=bdrc_design_time");
        return new PostgreSqlBdrcDbContext(options.Options);
    }
}
