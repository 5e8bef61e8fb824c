using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BdrcConsole.Core.Data;

/// <summary>
/// Inserts large numbers of entities with prepared commands, using the EF model for table and
/// column names and value conversions: the synthetic estate has millions of rows, which change
/// tracking would take minutes to write. The statements are the SQL both engines speak
/// (<c>@name</c> parameters, <c>INSERT … ON CONFLICT … DO UPDATE</c>); callers' own statements likewise.
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

    /// <summary>Runs a statement in the writer's transaction, prepared once per SQL text and reused; returns the rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters) => Prepared(sql, parameters).ExecuteNonQuery();

    /// <summary>Runs a query in the writer's transaction (prepared once per SQL text); dispose the reader before the next call.</summary>
    public DbDataReader Query(string sql, params (string Name, object? Value)[] parameters) => Prepared(sql, parameters).ExecuteReader();

    private DbCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        if (!statements.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
                command.Parameters.Add(Parameter(command, name));
            db.Sql.Prepare(command);
            statements[sql] = command;
        }
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        return command;
    }

    private readonly Dictionary<string, DbCommand> statements = [];

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DBNull.Value;
        return parameter;
    }

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
    /// <param name="replace">Replace a row with the same key (an upsert: its other columns take the new values).</param>
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
            command.Parameters.Add(Parameter(command, $"@p{i}"));
        db.Sql.Prepare(command);
        commands[(clrType, replace)] = (command, properties);
        return (command, properties);
    }
}
