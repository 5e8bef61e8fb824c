using System.Data.Common;

namespace BdrcConsole.Core.Data.Sql;

/// <summary>Parameters of hand-written statements, the same way for either engine's commands (null is sent as SQL NULL).</summary>
internal static class CommandParameters
{
    public static void AddParameter(this DbCommand command, string name, object? value) =>
        command.Parameters.Add(Named(command.CreateParameter(), name, value));

    public static void AddParameter(this DbBatchCommand command, string name, object? value) =>
        command.Parameters.Add(Named(command.CreateParameter(), name, value));

    private static DbParameter Named(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
