using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BdrcConsole.Core.Data;

/// <summary>
/// Per-connection SQLite settings. Memory-mapped reads let scans of a large estate (detection reads
/// every resource) take pages straight from the OS cache instead of a read() call per page through
/// SQLite's small default cache; on the benchmark estate this halves detection's read time.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    /// <summary>An upper bound: SQLite maps at most the database file's size.</summary>
    public const string MemoryMapPragma = "PRAGMA mmap_size = 1073741824";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = MemoryMapPragma;
        command.ExecuteNonQuery();
    }
}
