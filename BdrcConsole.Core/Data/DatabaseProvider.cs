namespace BdrcConsole.Core.Data;

/// <summary>Which database engine holds the console's data (<c>Bdrc:Database</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file: the embedded default, for one console instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by one or more console instances.</summary>
    PostgreSql,
}
