namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// A new, empty PostgreSQL database on the test server (<see cref="TestEngine.Server"/>), whichever engine the pass
/// runs on, dropped when disposed: e.g. the target of a SQLite → PostgreSQL copy. Without a server it fails, not skips.
/// </summary>
public sealed class TestPostgreSqlDatabase : IAsyncDisposable
{
    private readonly string name;

    private TestPostgreSqlDatabase(string name, string connectionString)
    {
        this.name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Connects to this database (and nothing else on the server).</summary>
    public string ConnectionString { get; }

    /// <param name="kind">The middle of the database's name: <c>bdrc_{kind}_{guid}</c>.</param>
    public static async Task<TestPostgreSqlDatabase> CreateAsync(string kind)
    {
        var name = TestEngine.NewDatabaseName(kind);
        return new TestPostgreSqlDatabase(name, await TestEngine.CreateDatabaseAsync(name));
    }

    public async ValueTask DisposeAsync() => await TestEngine.DropDatabaseAsync(name);
}
