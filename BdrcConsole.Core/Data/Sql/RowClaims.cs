using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BdrcConsole.Core.Data.Sql;

/// <summary>Work that one instance at a time may do, whatever the rows it touches (docs/rules.md §10, "Several instances").</summary>
internal enum WorkLock
{
    /// <summary>
    /// Incremental detection, and the re-evaluations after a policy run or a finished conversion: two over the same
    /// resources would apply their aggregates' differences twice.
    /// </summary>
    IncrementalDetection = 1,

    /// <summary>Bringing applications in line with the policies' matches: two at once would announce the same new resources twice.</summary>
    PolicyReconciliation = 2,
}

/// <summary>
/// Background work that runs exactly once when several console instances share one database. A worker claims the
/// rows it is about to finish inside the transaction that finishes them: a row another instance holds is skipped,
/// not waited for, and the claim ends with the transaction, so an instance that dies mid-batch rolls back and
/// leaves its rows to the next tick of any instance. After claiming, the worker re-reads the rows and checks they
/// still need the work (another instance may have finished them between its first read and the claim).
/// </summary>
internal interface IRowClaims
{
    /// <summary>
    /// Locks the rows of <typeparamref name="TEntity"/> with these keys until the open transaction ends, skipping
    /// rows another transaction holds; returns the keys it locked.
    /// </summary>
    Task<IReadOnlyList<TKey>> ClaimAsync<TEntity, TKey>(BdrcDbContext db, IReadOnlyCollection<TKey> keys, CancellationToken ct)
        where TEntity : class;

    /// <summary>Waits until no other transaction holds <paramref name="work"/>, then holds it until the open transaction ends.</summary>
    Task LockAsync(BdrcDbContext db, WorkLock work, CancellationToken ct);
}

/// <summary>
/// SQLite: one instance on one file, and its transactions begin IMMEDIATE (the write lock is taken at BEGIN), so a
/// transaction that reads its rows after beginning already has them to itself. SQLite has no FOR UPDATE either.
/// </summary>
internal sealed class SqliteRowClaims : IRowClaims
{
    public static readonly SqliteRowClaims Instance = new();

    public Task<IReadOnlyList<TKey>> ClaimAsync<TEntity, TKey>(BdrcDbContext db, IReadOnlyCollection<TKey> keys, CancellationToken ct)
        where TEntity : class
    {
        RowClaimTransaction.Require(db);
        return Task.FromResult<IReadOnlyList<TKey>>(keys.ToList());
    }

    public Task LockAsync(BdrcDbContext db, WorkLock work, CancellationToken ct)
    {
        RowClaimTransaction.Require(db);
        return Task.CompletedTask;
    }
}

/// <summary>
/// PostgreSQL: row locks (<c>FOR UPDATE SKIP LOCKED</c>) and transaction-scoped advisory locks, both released by
/// the server at commit, rollback, or when the connection of a dead instance drops.
/// </summary>
internal sealed class PostgreSqlRowClaims : IRowClaims
{
    public static readonly PostgreSqlRowClaims Instance = new();

    /// <summary>The first key of the console's advisory locks ("BDRC"), so they cannot meet another application's.</summary>
    private const int AdvisoryLockSpace = 0x42445243;

    public async Task<IReadOnlyList<TKey>> ClaimAsync<TEntity, TKey>(BdrcDbContext db, IReadOnlyCollection<TKey> keys, CancellationToken ct)
        where TEntity : class
    {
        var transaction = RowClaimTransaction.Require(db);
        if (keys.Count == 0)
            return [];
        // The table and key column come from the model, never from input.
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = entity.GetTableName();
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
        await using var command = Command(db, transaction,
            "SELECT \"" + key + "\" FROM \"" + table + "\" WHERE \"" + key + "\" = ANY(@keys) FOR UPDATE SKIP LOCKED");
        command.AddParameter("@keys", keys.ToArray());
        var claimed = new List<TKey>(keys.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            claimed.Add(reader.GetFieldValue<TKey>(0));
        return claimed;
    }

    public async Task LockAsync(BdrcDbContext db, WorkLock work, CancellationToken ct)
    {
        var transaction = RowClaimTransaction.Require(db);
        await using var command = Command(db, transaction, "SELECT pg_advisory_xact_lock(@space, @work)");
        command.AddParameter("@space", AdvisoryLockSpace);
        command.AddParameter("@work", (int)work);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(BdrcDbContext db, DbTransaction transaction, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}

internal static class RowClaimTransaction
{
    /// <summary>A claim lasts as long as its transaction: outside one it would end at once.</summary>
    public static DbTransaction Require(BdrcDbContext db) =>
        db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A claim holds until its transaction ends: begin the transaction first.");
}
