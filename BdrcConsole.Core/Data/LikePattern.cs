namespace BdrcConsole.Core.Data;

/// <summary>Makes user text safe inside a SQL LIKE pattern, so "%" and "_" match themselves.</summary>
internal static class LikePattern
{
    public const string EscapeCharacter = "\\";

    public static string Escape(string text) =>
        text.Replace(EscapeCharacter, EscapeCharacter + EscapeCharacter).Replace("%", EscapeCharacter + "%").Replace("_", EscapeCharacter + "_");
}
