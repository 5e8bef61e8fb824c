using BdrcConsole.Core.Domain;

namespace BdrcConsole.Core.Data;

/// <summary>
/// The rules for text a user types into a filter (search, tag key or value): at most 128 characters and no control
/// characters. SQLite's LIKE stops reading a pattern at a NUL, so "%\0x%" would match every row.
/// </summary>
internal static class FilterText
{
    public const int MaxLength = 128;

    /// <summary>Refuses a filter value that breaks the rules, naming the filter.</summary>
    public static void Validate(string? value, string filterName)
    {
        if (value is null)
            return;
        if (value.Length > MaxLength)
            throw new ValidationException($"{filterName} can be at most {MaxLength} characters.");
        if (value.Any(char.IsControl))
            throw new ValidationException($"{filterName} cannot contain control characters.");
    }
}
