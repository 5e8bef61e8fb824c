using System.Data.Common;
using System.Diagnostics;
using BdrcConsole.Core.Data.PostgreSql;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BdrcConsole.Core.Data;

/// <summary>One table of a copy: the rows the source held and the rows the target holds afterwards.</summary>
public sealed record TableRowCounts(string Table, long SourceRows, long TargetRows);

/// <summary>
/// What the dashboards add up for one account, read from the stored aggregates: scored resources and the sum of
/// their scores (<see cref="AccountProductScore"/>), current risks (<see cref="AccountRiskCount"/>) and failed checks.
/// </summary>
public sealed record AccountScoreSummary(string AccountId, int ScoredResources, double ScoreSum, int Risks, int FailedChecks);

/// <summary>The outcome of a copy: the counts of every table and the score summaries, equal on both sides.</summary>
public sealed record DatabaseCopyReport(IReadOnlyList<TableRowCounts> Tables, IReadOnlyList<AccountScoreSummary> Scores, TimeSpan Elapsed);

/// <summary>The copy was refused before anything was written (a target that holds data, a missing source file).</summary>
public sealed class DatabaseCopyRefusedException(string message) : InvalidOperationException(message);

/// <summary>
/// The upgrade path from the embedded engine: copies every table of a SQLite database into a PostgreSQL database of the
/// same version. Both are migrated first (an older SQLite file is brought to the current schema). The copy is one
/// PostgreSQL transaction, table by table in foreign-key order with binary COPY (an estate of 200,000 resources is over a
/// million rows), and it commits only when every table's count and every account's score summary are the same as the
/// source's: a failure leaves the target's tables empty.
/// </summary>
public static class DatabaseCopy
{
    /// <summary>Copies the SQLite database into the PostgreSQL database, which must hold no data yet.</summary>
    /// <exception cref="DatabaseCopyRefusedException">The source file does not exist, or the target holds data.</exception>
    /// <exception cref="InvalidOperationException">A count or score summary differed after the copy (nothing was committed).</exception>
    public static async Task<DatabaseCopyReport> SqliteToPostgreSqlAsync(
        string sqliteConnectionString, string postgreSqlConnectionString, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var source = new BdrcDbContext(Options(DatabaseProvider.Sqlite, ExistingSqliteFile(sqliteConnectionString)));
        await using var target = new PostgreSqlBdrcDbContext(Options(DatabaseProvider.PostgreSql, postgreSqlConnectionString));
        var tables = InDependencyOrder(target.Model.GetRelationalModel().Tables);
        // The lock console instances take to migrate and seed: one starting during the copy waits, then finds the data
        // (and does not seed the demo organisation). It creates the database when it does not exist yet.
        await using var noStartUpMeanwhile = await target.Sql.Startup.AcquireAsync(target, ct);
        await target.Database.OpenConnectionAsync(ct);
        var postgreSql = (NpgsqlConnection)target.Database.GetDbConnection();
        // Refused before either database is migrated: a refusal changes nothing.
        await RefuseTargetWithDataAsync(postgreSql, tables, ct);

        await source.Database.MigrateAsync(ct);
        await target.Database.MigrateAsync(ct);

        // The source is read in one transaction too, so that its counts and rows are one consistent snapshot; a deferred
        // one, which only reads (SQLite's default transaction would take the write lock for the whole copy).
        await source.Database.OpenConnectionAsync(ct);
        var sqlite = (SqliteConnection)source.Database.GetDbConnection();
        await using var snapshot = sqlite.BeginTransaction(deferred: true);
        await source.Database.UseTransactionAsync(snapshot, ct);
        await using var writing = await target.Database.BeginTransactionAsync(ct);
        // Again in the transaction: a console may have started on the target while the source was migrated.
        await RefuseTargetWithDataAsync(postgreSql, tables, ct);

        var counts = new List<TableRowCounts>();
        foreach (var table in tables)
        {
            var sourceRows = await CountAsync(sqlite, snapshot, table.Name, ct);
            await CopyTableAsync(sqlite, snapshot, postgreSql, table, ct);
            counts.Add(new TableRowCounts(table.Name, sourceRows, await CountAsync(postgreSql, null, table.Name, ct)));
        }
        await ContinueIdentitySequencesAsync(postgreSql, tables, ct);

        if (counts.Where(c => c.SourceRows != c.TargetRows).ToList() is { Count: > 0 } different)
            throw new InvalidOperationException("The copy was rolled back: row counts differ for " +
                string.Join(", ", different.Select(c => $"{c.Table} ({c.SourceRows} in SQLite, {c.TargetRows} in PostgreSQL)")) + ".");
        var scores = await ScoreSummariesAsync(source, ct);
        var copiedScores = await ScoreSummariesAsync(target, ct);
        if (!scores.SequenceEqual(copiedScores))
            throw new InvalidOperationException("The copy was rolled back: the accounts' score summaries differ between SQLite and PostgreSQL.");

        await writing.CommitAsync(ct);
        return new DatabaseCopyReport(counts, scores, stopwatch.Elapsed);
    }

    /// <summary>
    /// Every account's stored aggregates, in account order. Summed here in a fixed order (account, product), not by
    /// SQL, so that both engines' sums of the same doubles are the same to the last bit.
    /// </summary>
    public static async Task<IReadOnlyList<AccountScoreSummary>> ScoreSummariesAsync(BdrcDbContext db, CancellationToken ct = default)
    {
        var products = await db.AccountProductScores.AsNoTracking()
            .Select(s => new { s.AccountId, s.Product, s.ScoredResources, s.ScoreSum }).ToListAsync(ct);
        var risks = (await db.AccountRiskCounts.AsNoTracking()
                .GroupBy(r => r.AccountId).Select(g => new { AccountId = g.Key, Risks = g.Sum(r => r.Risks) }).ToListAsync(ct))
            .ToDictionary(r => r.AccountId, r => r.Risks);
        var failed = (await db.CheckResults.AsNoTracking().Where(c => c.Status == CheckStatus.Failed)
                .GroupBy(c => c.AccountId).Select(g => new { AccountId = g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(c => c.AccountId, c => c.Count);
        var accounts = await db.Accounts.AsNoTracking().Select(a => a.Id).ToListAsync(ct);

        return accounts.Order(StringComparer.Ordinal).Select(id =>
        {
            var own = products.Where(p => p.AccountId == id).OrderBy(p => p.Product).ToList();
            var scoreSum = 0.0;
            foreach (var product in own)
                scoreSum += product.ScoreSum;
            return new AccountScoreSummary(id, own.Sum(p => p.ScoredResources), scoreSum,
                risks.GetValueOrDefault(id), failed.GetValueOrDefault(id));
        }).ToList();
    }

    private static DbContextOptions<BdrcDbContext> Options(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<BdrcDbContext>();
        DatabaseConfiguration.Configure(options, provider, connectionString);
        return options.Options;
    }

    /// <summary>The source's connection string, opening read-write without creating: SQLite would otherwise create an empty file.</summary>
    private static string ExistingSqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!File.Exists(builder.DataSource))
            throw new DatabaseCopyRefusedException($"The SQLite database '{builder.DataSource}' does not exist.");
        builder.Mode = SqliteOpenMode.ReadWrite;
        return builder.ToString();
    }

    /// <summary>
    /// The model's tables, each after the tables its foreign keys refer to (a table's references to itself are checked by
    /// PostgreSQL at the end of its COPY statement, so its rows need no order); ties in name order, for a stable log.
    /// </summary>
    private static List<ITable> InDependencyOrder(IEnumerable<ITable> tables)
    {
        var remaining = tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<ITable>();
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(t => t.ForeignKeyConstraints
                .All(fk => fk.PrincipalTable == t || ordered.Contains(fk.PrincipalTable)))
                ?? throw new InvalidOperationException(
                    $"The tables' foreign keys form a cycle ({string.Join(", ", remaining.Select(t => t.Name))}); they cannot be copied in order.");
            ordered.Add(ready);
            remaining.Remove(ready);
        }
        return ordered;
    }

    /// <summary>Refuses when any of the model's tables that exist already holds a row (a new database has none of them yet).</summary>
    private static async Task RefuseTargetWithDataAsync(NpgsqlConnection connection, IEnumerable<ITable> tables, CancellationToken ct)
    {
        foreach (var table in tables)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
            exists.Parameters.AddWithValue("table", Quoted(table.Name));
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
                continue;
            await using var hasRows = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {Quoted(table.Name)})", connection);
            if ((bool)(await hasRows.ExecuteScalarAsync(ct))!)
                throw new DatabaseCopyRefusedException(
                    $"The PostgreSQL database already holds data (table \"{table.Name}\" has rows); import only into an empty database.");
        }
    }

    /// <param name="transaction">SQLite's open transaction, which its commands must name; PostgreSQL's commands join the connection's.</param>
    private static async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM {Quoted(table)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Streams the table's rows from SQLite into one binary COPY, each value converted to the PostgreSQL column's type.</summary>
    private static async Task CopyTableAsync(SqliteConnection sqlite, SqliteTransaction snapshot, NpgsqlConnection postgreSql, ITable table, CancellationToken ct)
    {
        var columns = table.Columns.ToList();
        var names = string.Join(", ", columns.Select(c => Quoted(c.Name)));
        var writers = columns.Select(ColumnWriter).ToList();

        await using var select = sqlite.CreateCommand();
        select.Transaction = snapshot;
        select.CommandText = $"SELECT {names} FROM {Quoted(table.Name)}";
        await using var reader = await select.ExecuteReaderAsync(ct);
        await using var importer = await postgreSql.BeginBinaryImportAsync($"COPY {Quoted(table.Name)} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        // Row by row the calls are synchronous: SQLite reads synchronously anyway, and a task per value (millions of them
        // in a 200,000-resource estate) made the copy a third slower; the importer sends its buffer to the server as it fills.
        while (reader.Read())
        {
            ct.ThrowIfCancellationRequested();
            importer.StartRow();
            for (var i = 0; i < writers.Count; i++)
            {
                if (reader.IsDBNull(i))
                    importer.WriteNull();
                else
                    writers[i](reader, i, importer);
            }
        }
        await importer.CompleteAsync(ct);
    }

    private delegate void WriteValue(SqliteDataReader reader, int ordinal, NpgsqlBinaryImporter importer);

    /// <summary>
    /// Reads a SQLite value as the CLR type the PostgreSQL column stores, and writes it with the column's type name:
    /// SQLite hands integers back as 64-bit and booleans as 0/1, where PostgreSQL has integer and boolean columns.
    /// Instants need nothing special: both engines store the same 64-bit value (bigint).
    /// </summary>
    private static WriteValue ColumnWriter(IColumn column)
    {
        var type = column.ProviderClrType;
        // COPY takes the type's name without its facets: "character varying", not "character varying(64)".
        var storeType = column.StoreType.Split('(')[0].Trim();
        if (type == typeof(string))
            return (reader, i, importer) => importer.Write(reader.GetString(i), storeType);
        if (type == typeof(int))
            return (reader, i, importer) => importer.Write(checked((int)reader.GetInt64(i)), storeType);
        if (type == typeof(long))
            return (reader, i, importer) => importer.Write(reader.GetInt64(i), storeType);
        if (type == typeof(short))
            return (reader, i, importer) => importer.Write(checked((short)reader.GetInt64(i)), storeType);
        if (type == typeof(bool))
            return (reader, i, importer) => importer.Write(reader.GetInt64(i) != 0, storeType);
        if (type == typeof(double))
            return (reader, i, importer) => importer.Write(reader.GetDouble(i), storeType);
        if (type == typeof(decimal))
            return (reader, i, importer) => importer.Write(reader.GetDecimal(i), storeType);
        if (type == typeof(Guid))
            return (reader, i, importer) => importer.Write(reader.GetGuid(i), storeType);
        if (type == typeof(byte[]))
            return (reader, i, importer) => importer.Write(reader.GetFieldValue<byte[]>(i), storeType);
        throw new NotSupportedException(
            $"Column {column.Table.Name}.{column.Name} stores {type.Name} ({column.StoreType}), which the copy does not convert yet.");
    }

    /// <summary>
    /// Sets each identity column's sequence past the largest id copied: COPY wrote the ids as they were and did not
    /// advance the sequences, so the next insert would otherwise collide with id 1.
    /// </summary>
    private static async Task ContinueIdentitySequencesAsync(NpgsqlConnection connection, IEnumerable<ITable> tables, CancellationToken ct)
    {
        foreach (var table in tables)
        {
            foreach (var column in table.Columns.Where(IsIdentity))
            {
                // pg_get_serial_sequence takes the table as an identifier (quoted to keep its case) and the column as a name.
                await using var command = new NpgsqlCommand(
                    $"SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE(MAX({Quoted(column.Name)}), 0) + 1, false) FROM {Quoted(table.Name)}",
                    connection);
                command.Parameters.AddWithValue("table", Quoted(table.Name));
                command.Parameters.AddWithValue("column", column.Name);
                await command.ExecuteScalarAsync(ct);
            }
        }
    }

    private static bool IsIdentity(IColumn column) =>
        column.PropertyMappings.Any(m => NpgsqlPropertyExtensions.GetValueGenerationStrategy(m.Property) is
            NpgsqlValueGenerationStrategy.IdentityByDefaultColumn or NpgsqlValueGenerationStrategy.IdentityAlwaysColumn or NpgsqlValueGenerationStrategy.SerialColumn);

    /// <summary>A table or column name of the model as a quoted identifier (the model's names are mixed-case).</summary>
    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
