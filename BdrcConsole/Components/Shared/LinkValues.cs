using BdrcConsole.Core.Data;
using Microsoft.AspNetCore.Components;

namespace BdrcConsole.Components.Shared;

/// <summary>A value of a page link that was not used, and why.</summary>
public sealed record IgnoredLinkValue(string Parameter, string Reason);

/// <summary>
/// Reads a page's query-string values the same way on every page: a value that names nothing known, or that Core's
/// filter rules refuse, is ignored and listed (the page shows the list and takes the values out of its URL, so a
/// reload does not repeat them). Never throws.
/// </summary>
public sealed class LinkValues
{
    private readonly List<IgnoredLinkValue> ignored = [];

    /// <summary>The values read so far that were ignored.</summary>
    public IReadOnlyList<IgnoredLinkValue> Ignored => ignored;

    /// <summary>An enum value by name (case-insensitive); numbers and unknown names are ignored.</summary>
    public T? Choice<T>(string parameter, string? raw, string what) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        if (!int.TryParse(raw, out _) && Enum.TryParse<T>(raw.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value))
            return value;
        return Ignore<T>(parameter, $"\"{Shorten(raw)}\" is not a known {what}.");
    }

    /// <summary>A positive whole number such as a resource group id.</summary>
    public int? Id(string parameter, string? raw, string what)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        if (int.TryParse(raw.Trim(), out var id) && id > 0)
            return id;
        return Ignore<int>(parameter, $"\"{Shorten(raw)}\" is not a {what} number.");
    }

    /// <summary>Free text such as a search, checked by Core's filter rules.</summary>
    public string? Text(string parameter, string? raw, string filterName)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        if (FilterText.Problem(raw.Trim(), filterName) is { } problem)
        {
            ignored.Add(new IgnoredLinkValue(parameter, problem));
            return null;
        }
        return raw.Trim();
    }

    /// <summary>A value the page checked itself against a Core rule (for example a check item id).</summary>
    public string? Known(string parameter, string? raw, Func<string, bool> isKnown, string what)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        if (isKnown(raw.Trim()))
            return raw.Trim();
        ignored.Add(new IgnoredLinkValue(parameter, $"\"{Shorten(raw)}\" is not a known {what}."));
        return null;
    }

    /// <summary>An account ID that narrows a multi-account page to one of the selected accounts (Panorama links).</summary>
    public string? AccountId(string parameter, string? raw) =>
        Known(parameter, raw, id => id.Length <= 32 && id.All(char.IsAsciiDigit), "account ID");

    /// <summary>The selected accounts, narrowed to <paramref name="accountId"/> when it is one of them.</summary>
    public static IReadOnlyList<string> Narrow(string? accountId, IReadOnlyList<string> selected) =>
        accountId is { } id && selected.Contains(id) ? [id] : selected;

    /// <summary>
    /// Takes the ignored values out of the page's URL (so a reload does not repeat them) and returns them for the
    /// page's notice; returns null when nothing was ignored, so the page keeps the notice it shows.
    /// </summary>
    public IReadOnlyList<IgnoredLinkValue>? TakeIgnoredOutOfUrl(NavigationManager navigation)
    {
        if (ignored.Count == 0)
            return null;
        var removals = ignored.Select(i => i.Parameter).Distinct().ToDictionary(p => p, _ => (object?)null);
        navigation.NavigateTo(navigation.GetUriWithQueryParameters(removals), replace: true);
        return ignored;
    }

    private T? Ignore<T>(string parameter, string reason) where T : struct
    {
        ignored.Add(new IgnoredLinkValue(parameter, reason));
        return null;
    }

    // A 10,000-character value would drown the notice; what matters is that it was ignored.
    private static string Shorten(string raw) => raw.Length <= 40 ? raw.Trim() : raw[..40].Trim() + "…";
}
