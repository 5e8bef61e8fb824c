using System.Data.Common;
using BdrcConsole.Core.Data.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BdrcConsole.Core.Data;

/// <summary>
/// Inserts large numbers of entities with prepared commands, using the EF model for table and
/// column names and value conversions: the synthetic estate has millions of rows, which change
/// tracking would take minutes to write. The statements are the SQL both engines speak
/// (<c>@name</c> parameters, <c>INSERT … ON CONFLICT … DO UPDATE</c>); callers' own statements likewise.
/// Writes whose row count the caller does not need (<see cref="Write"/>, <see cref="Insert"/>) are sent as the engine
/// does best (<see cref="Sql.IStatementSql.WriteBatchSize"/>): on SQLite each runs at once as a prepared statement
/// in-process, bound straight on the connection's handle (<see cref="Sql.IStatementSql.PrepareDirect"/>); on PostgreSQL they are queued and sent many to a round trip (a <see cref="DbBatch"/>), before the next
/// <see cref="Execute"/>, <see cref="Query"/> or <see cref="Commit"/>, or when the batch is full.
/// </summary>
internal sealed class BulkWriter(BdrcDbContext db, DbConnection connection)
{
    private readonly Dictionary<(Type, bool), (DbCommand Command, IReadOnlyList<IProperty> Properties)> commands = [];
    private DbTransaction? transaction;
    /// <summary>The writer joined the caller's transaction: the caller commits it, not <see cref="Commit"/>.</summary>
    private bool joined;

    /// <summary>Starts the writer's transaction, or joins the context's open one (a change written together with its cause).</summary>
    public void Begin()
    {
        if (db.Database.CurrentTransaction?.GetDbTransaction() is { } current)
        {
            transaction = current;
            joined = true;
        }
        else
            transaction = connection.BeginTransaction();
    }

    /// <summary>Runs a statement in the writer's transaction now (after the queued writes), prepared once per SQL text and reused; returns the rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        Flush();
        return Prepared(sql, parameters).ExecuteNonQuery();
    }

    /// <summary>
    /// Runs a statement whose row count the caller needs at most later: at once where the engine runs statements
    /// in-process, else queued with other writes (see the class). <paramref name="changed"/>, if given, is told the
    /// rows it changed when it has run (at the latest when the writer commits).
    /// </summary>
    public void Write(string sql, Action<int>? changed, params (string Name, object? Value)[] parameters)
    {
        if (batchSize <= 1)
        {
            if (changed is null && Direct(sql, parameters)?.TryRun(parameters) == true)
                return;
            var rows = Prepared(sql, parameters).ExecuteNonQuery();
            changed?.Invoke(rows);
            return;
        }
        Queue(sql, parameters, changed);
    }

    /// <inheritdoc cref="Write(string, Action{int}?, ValueTuple{string, object?}[])"/>
    public void Write(string sql, params (string Name, object? Value)[] parameters) => Write(sql, null, parameters);

    /// <summary>Runs a query in the writer's transaction (after the queued writes; prepared once per SQL text); dispose the reader before the next call.</summary>
    public DbDataReader Query(string sql, params (string Name, object? Value)[] parameters)
    {
        Flush();
        return Prepared(sql, parameters).ExecuteReader();
    }

    private readonly int batchSize = db.Sql.Statements.WriteBatchSize;
    private DbBatch? batch;
    private readonly List<(DbBatchCommand Command, Action<int> Changed)> callbacks = [];

    private void Queue(string sql, IReadOnlyList<(string Name, object? Value)> parameters, Action<int>? changed)
    {
        if (batch is null)
        {
            batch = connection.CreateBatch();
            batch.Transaction = transaction;
        }
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.AddParameter(name, value);
        batch.BatchCommands.Add(command);
        if (changed is not null)
            callbacks.Add((command, changed));
        if (batch.BatchCommands.Count >= batchSize)
            Flush();
    }

    /// <summary>Sends the queued writes (one round trip).</summary>
    private void Flush()
    {
        if (batch is null)
            return;
        using (batch)
        {
            batch.ExecuteNonQuery();
            foreach (var (command, changed) in callbacks)
                changed(command.RecordsAffected);
        }
        batch = null;
        callbacks.Clear();
    }

    private DbCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        if (!statements.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
                command.AddParameter(name, null);
            db.Sql.Prepare(command);
            statements[sql] = command;
        }
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        return command;
    }

    private readonly Dictionary<string, DbCommand> statements = [];

    /// <summary>The engine's direct statement for a write (null when it has none), prepared once per SQL text.</summary>
    private IDirectStatement? Direct(string sql, (string Name, object? Value)[] parameters)
    {
        if (!directStatements.TryGetValue(sql, out var statement))
        {
            statement = db.Sql.Statements.PrepareDirect(connection, sql, parameters.Select(p => p.Name).ToList());
            directStatements[sql] = statement;
        }
        return statement;
    }

    private readonly Dictionary<string, IDirectStatement?> directStatements = [];

    /// <summary>A value as the EF model stores the given property (e.g. a DateTimeOffset as its binary long).</summary>
    public object? ProviderValue<TEntity>(string propertyName, object? value)
    {
        var property = db.Model.FindEntityType(typeof(TEntity))!.FindProperty(propertyName)!;
        var converter = property.GetTypeMapping().Converter;
        return value is null || converter is null ? value : converter.ConvertToProvider(value);
    }

    public void Commit()
    {
        Flush();
        if (!joined)
        {
            transaction?.Commit();
            transaction?.Dispose();
        }
        transaction = null;
        foreach (var (command, _) in commands.Values)
            command.Dispose();
        commands.Clear();
        foreach (var statement in statements.Values)
            statement.Dispose();
        statements.Clear();
        foreach (var statement in directStatements.Values)
            statement?.Dispose();
        directStatements.Clear();
    }

    /// <summary>Inserts one entity; <paramref name="foreignKey"/> sets the parent id that EF would have fixed up.</summary>
    /// <param name="replace">Replace a row with the same key (an upsert: its other columns take the new values).</param>
    public void Insert(object entity, (string Property, object Value)? foreignKey = null, bool replace = false)
    {
        var (command, properties) = CommandFor(entity.GetType(), replace);
        var values = batchSize <= 1 ? null : new (string, object?)[properties.Count];
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var value = foreignKey is { } fk && fk.Property == property.Name ? fk.Value : property.GetGetter().GetClrValue(entity);
            var converter = property.GetTypeMapping().Converter;
            if (value is not null && converter is not null)
                value = converter.ConvertToProvider(value);
            if (values is null)
                command.Parameters[i].Value = value ?? DBNull.Value;
            else
                values[i] = ($"@p{i}", value);
        }
        if (values is null)
            command.ExecuteNonQuery();
        else
            Queue(command.CommandText, values, null);
    }

    private (DbCommand, IReadOnlyList<IProperty>) CommandFor(Type clrType, bool replace)
    {
        if (commands.TryGetValue((clrType, replace), out var cached))
            return cached;
        var entityType = db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        // Generated integer keys are left to the database.
        var properties = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))
            .ToList();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var columns = properties.Select(p => $"\"{p.GetColumnName(table)}\"").ToList();
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns)}) VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})";
        if (replace)
        {
            var key = entityType.FindPrimaryKey()!.Properties.Select(p => $"\"{p.GetColumnName(table)}\"").ToList();
            var others = columns.Except(key).Select(c => $"{c} = excluded.{c}");
            command.CommandText += $" ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {string.Join(", ", others)}";
        }
        for (var i = 0; i < properties.Count; i++)
            command.AddParameter($"@p{i}", null);
        db.Sql.Prepare(command);
        commands[(clrType, replace)] = (command, properties);
        return (command, properties);
    }
}
