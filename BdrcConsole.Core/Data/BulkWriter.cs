using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BdrcConsole.Core.Data;

/// <summary>
/// Inserts large numbers of entities with prepared SQLite commands, using the EF model for table and
/// column names and value conversions: the synthetic estate has millions of rows, which change
/// tracking would take minutes to write.
/// </summary>
internal sealed class BulkWriter(BdrcDbContext db, SqliteConnection connection)
{
    private readonly Dictionary<(Type, bool), (SqliteCommand Command, IReadOnlyList<IProperty> Properties)> commands = [];
    private SqliteTransaction? transaction;
    /// <summary>The writer joined the caller's transaction: the caller commits it, not <see cref="Commit"/>.</summary>
    private bool joined;

    /// <summary>Starts the writer's transaction, or joins the context's open one (a change written together with its cause).</summary>
    public void Begin()
    {
        if (db.Database.CurrentTransaction?.GetDbTransaction() is SqliteTransaction current)
        {
            transaction = current;
            joined = true;
        }
        else
            transaction = connection.BeginTransaction();
    }

    /// <summary>Runs a statement in the writer's transaction, prepared once per SQL text and reused; returns the rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters) => Prepared(sql, parameters).ExecuteNonQuery();

    /// <summary>Runs a query in the writer's transaction (prepared once per SQL text); dispose the reader before the next call.</summary>
    public SqliteDataReader Query(string sql, params (string Name, object? Value)[] parameters) => Prepared(sql, parameters).ExecuteReader();

    private SqliteCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        if (!statements.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
                command.Parameters.Add(new SqliteParameter(name, null));
            command.Prepare();
            statements[sql] = command;
        }
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        return command;
    }

    private readonly Dictionary<string, SqliteCommand> statements = [];

    /// <summary>A value as the EF model stores the given property (e.g. a DateTimeOffset as its binary long).</summary>
    public object? ProviderValue<TEntity>(string propertyName, object? value)
    {
        var property = db.Model.FindEntityType(typeof(TEntity))!.FindProperty(propertyName)!;
        var converter = property.GetTypeMapping().Converter;
        return value is null || converter is null ? value : converter.ConvertToProvider(value);
    }

    public void Commit()
    {
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
    }

    /// <summary>Inserts one entity; <paramref name="foreignKey"/> sets the parent id that EF would have fixed up.</summary>
    /// <param name="replace">Replace a row with the same key (INSERT OR REPLACE).</param>
    public void Insert(object entity, (string Property, object Value)? foreignKey = null, bool replace = false)
    {
        var (command, properties) = CommandFor(entity.GetType(), replace);
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var value = foreignKey is { } fk && fk.Property == property.Name ? fk.Value : property.GetGetter().GetClrValue(entity);
            var converter = property.GetTypeMapping().Converter;
            if (value is not null && converter is not null)
                value = converter.ConvertToProvider(value);
            command.Parameters[i].Value = value ?? DBNull.Value;
        }
        command.ExecuteNonQuery();
    }

    private (SqliteCommand, IReadOnlyList<IProperty>) CommandFor(Type clrType, bool replace)
    {
        if (commands.TryGetValue((clrType, replace), out var cached))
            return cached;
        var entityType = db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        // Generated integer keys are left to SQLite.
        var properties = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))
            .ToList();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var columns = properties.Select(p => $"\"{p.GetColumnName(table)}\"").ToList();
        command.CommandText = $"INSERT {(replace ? "OR REPLACE " : "")}INTO \"{table.Name}\" ({string.Join(", ", columns)}) VALUES ({string.Join(", ", properties.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < properties.Count; i++)
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        command.Prepare();
        commands[(clrType, replace)] = (command, properties);
        return (command, properties);
    }
}
