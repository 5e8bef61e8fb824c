using System.Buffers;
using System.Text;
using System.Text.Json;

namespace BdrcConsole.Core.Data;

/// <summary>
/// One set-based statement over many rows: the rows travel as a JSON array of arrays in <c>$rows</c>, which the
/// statement reads with <c>json_each</c> (row <c>value</c>, field <c>value-&gt;&gt;i</c>). A statement per few thousand
/// rows instead of one per row: Microsoft.Data.Sqlite's cost per statement is several times SQLite's cost per row.
/// Doubles round-trip exactly (System.Text.Json writes the shortest exact form, SQLite parses it exactly).
/// </summary>
internal sealed class RowsStatement(BulkWriter writer, string sql, params (string Name, object? Value)[] parameters)
{
    private const int RowsPerStatement = 4096;
    private readonly ArrayBufferWriter<byte> buffer = new();
    private Utf8JsonWriter? json;
    private int rows;

    /// <summary>Starts a row: write its fields in order on the returned writer, then call <see cref="EndRow"/>.</summary>
    public Utf8JsonWriter BeginRow()
    {
        if (json is null)
        {
            json = new Utf8JsonWriter(buffer);
            json.WriteStartArray();
        }
        json.WriteStartArray();
        return json;
    }

    public void EndRow()
    {
        json!.WriteEndArray();
        if (++rows == RowsPerStatement)
            Flush();
    }

    /// <summary>Runs the statement over the rows not run yet.</summary>
    public void Flush()
    {
        if (json is null || rows == 0)
            return;
        json.WriteEndArray();
        json.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        writer.Execute(sql, [("$rows", text), .. parameters]);
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartArray();
        rows = 0;
    }

    /// <summary>Writes a value in the form a column stores it (a provider value of the EF model: text, integer, real or null).</summary>
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case bool flag:
                json.WriteNumberValue(flag ? 1 : 0);
                break;
            case double real:
                json.WriteNumberValue(real);
                break;
            default:
                throw new ArgumentException($"No JSON form for {value.GetType().Name}.", nameof(value));
        }
    }
}
