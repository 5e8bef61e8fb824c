using BdrcConsole.Core.Data;
using Npgsql;

namespace BdrcConsole.Tests.Core.Data;

/// <summary>PostgreSQL connections prepare the statements they repeat, unless the administrator's connection string decides.</summary>
public class DatabaseConfigurationTests
{
    [Fact]
    public void WithAutoPrepare_ConnectionStringWithoutTheSetting_TurnsItOn()
    {
        var connectionString = DatabaseConfiguration.WithAutoPrepare("Host=127.0.0.1;Port=5433;Username=bdrc;Database=bdrc");

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.True(builder.MaxAutoPrepare > 0);
        Assert.Equal(("127.0.0.1", 5433, "bdrc"), (builder.Host, builder.Port, builder.Database));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=bdrc;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;Database=bdrc;MaxAutoPrepare=7", 7)]
    [InlineData("Host=127.0.0.1;Database=bdrc;max auto prepare=12", 12)]
    public void WithAutoPrepare_ConnectionStringThatSetsIt_KeepsItsValue(string connectionString, int expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseConfiguration.WithAutoPrepare(connectionString)).MaxAutoPrepare);
    }
}
