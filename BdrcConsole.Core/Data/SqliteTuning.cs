using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BdrcConsole.Core.Data;

/// <summary>
/// Per-connection SQLite settings. Memory-mapped reads let scans of a large estate (detection reads
/// every resource) take pages straight from the OS cache instead of a read() call per page through
/// SQLite's small default cache; on the benchmark estate this halves detection's read time. A larger
/// page cache (up to 32 MiB, allocated as used) keeps the index pages a detection's writes touch.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    /// <summary>The page cache of a connection, in KiB.</summary>
    public const int CacheKiB = 32768;

    /// <summary>The page cache while one transaction writes the outcomes of many resources (an expiry wave), in KiB.</summary>
    public const int WriteCacheKiB = 262144;

    /// <summary>The map size is an upper bound: SQLite maps at most the database file's size.</summary>
    public static readonly string Pragmas = $"PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -{CacheKiB}";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
