using BdrcConsole.Core.Data.Sql;
using BdrcConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace BdrcConsole.Tests.Core.Data;

/// <summary>SQLite's direct statements (bound on the connection's handle) write what a command would, and fail as one would.</summary>
[Trait(TestEngine.Trait, "Sqlite")] // PostgreSQL has none: its writes go in batches.
public sealed class SqliteDirectStatementTests : IDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    public SqliteDirectStatementTests()
    {
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, r REAL, b INTEGER, note TEXT)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();

    private const string Insert = "INSERT INTO t (id, n, r, b, note) VALUES (@id, @n, @r, @b, @note)";
    private static readonly string[] Names = ["@id", "@n", "@r", "@b", "@note"];

    private List<string> Rows()
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, n, typeof(n), r, b, quote(note) FROM t ORDER BY id";
        using var reader = read.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add($"{reader.GetString(0)}|{reader.GetInt64(1)}|{reader.GetString(2)}|{reader.GetDouble(3)}|{reader.GetInt64(4)}|{reader.GetString(5)}");
        return rows;
    }

    [Fact]
    public void TryRun_BindsEachKindOfValue_AsTheCommandWould()
    {
        using var statement = SqliteDirectStatement.Prepare(connection, Insert, Names);

        Assert.True(statement.TryRun([("@id", "a"), ("@n", 7), ("@r", 2.5), ("@b", true), ("@note", "资源 ä")]));
        Assert.True(statement.TryRun([("@id", "b"), ("@n", 638_000_000_000_000_000L), ("@r", 1.5f), ("@b", false), ("@note", null)]));
        Assert.True(statement.TryRun([("@id", "c"), ("@n", (short)3), ("@r", 0.0), ("@b", (byte)1), ("@note", DBNull.Value)]));

        Assert.Equal(["a|7|integer|2.5|1|'资源 ä'", "b|638000000000000000|integer|1.5|0|NULL", "c|3|integer|0|1|NULL"], Rows());
    }

    [Fact]
    public void TryRun_WithAValueItDoesNotBind_RunsNothingAndSaysSo()
    {
        using var statement = SqliteDirectStatement.Prepare(connection, Insert, Names);

        Assert.False(statement.TryRun([("@id", "a"), ("@n", 1), ("@r", 1m), ("@b", true), ("@note", "x")]));

        Assert.Empty(Rows());
    }

    [Fact]
    public void TryRun_ThatBreaksAConstraint_ThrowsTheEnginesError_AndTheStatementRunsAgain()
    {
        using var statement = SqliteDirectStatement.Prepare(connection, Insert, Names);
        statement.TryRun([("@id", "a"), ("@n", 1), ("@r", 1.0), ("@b", true), ("@note", "x")]);

        var error = Assert.Throws<SqliteException>(() => statement.TryRun([("@id", "a"), ("@n", 2), ("@r", 2.0), ("@b", false), ("@note", "y")]));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE", error.Message);
        Assert.True(statement.TryRun([("@id", "b"), ("@n", 3), ("@r", 3.0), ("@b", false), ("@note", "z")]));
        Assert.Equal(["a|1|integer|1|1|'x'", "b|3|integer|3|0|'z'"], Rows());
    }

    [Fact]
    public void Prepare_RefusesAParameterTheStatementDoesNotHave_AndMoreThanOneStatement()
    {
        Assert.Throws<ArgumentException>(() => SqliteDirectStatement.Prepare(connection, Insert, ["@id", "@n", "@r", "@b", "@missing"]));
        Assert.Throws<ArgumentException>(() => SqliteDirectStatement.Prepare(connection, "DELETE FROM t WHERE id = @id; DELETE FROM t", ["@id"]));
        Assert.Throws<SqliteException>(() => SqliteDirectStatement.Prepare(connection, "INSERT INTO nowhere VALUES (@id)", ["@id"]));
    }
}
