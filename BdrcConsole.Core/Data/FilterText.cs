using BdrcConsole.Core.Domain;

namespace BdrcConsole.Core.Data;

/// <summary>
/// The rules for text a user types into a filter (search, tag key or value): at most 128 characters and no control
/// characters. SQLite's LIKE stops reading a pattern at a NUL, so "%\0x%" would match every row.
/// </summary>
public static class FilterText
{
    public const int MaxLength = 128;

    /// <summary>Refuses a filter value that breaks the rules, naming the filter.</summary>
    public static void Validate(string? value, string filterName)
    {
        if (Problem(value, filterName) is { } problem)
            throw new ValidationException(problem);
    }

    /// <summary>What is wrong with a filter value, or null when it may be used (pages check links with it).</summary>
    public static string? Problem(string? value, string filterName) =>
        value is null ? null
        : value.Length > MaxLength ? $"{filterName} can be at most {MaxLength} characters."
        : value.Any(char.IsControl) ? $"{filterName} cannot contain control characters."
        : null;
}
