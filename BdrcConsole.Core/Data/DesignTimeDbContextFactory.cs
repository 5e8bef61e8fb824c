using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BdrcConsole.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<BdrcDbContext>
{
    public BdrcDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BdrcDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
