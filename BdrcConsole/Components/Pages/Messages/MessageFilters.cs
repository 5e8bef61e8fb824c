using BdrcConsole.Components.Shared;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Policies;

namespace BdrcConsole.Components.Pages.Messages;

/// <summary>The Messages filters, as kept in the page URL so a link reproduces the view.</summary>
public sealed record MessageFilters(
    MessageLevel? Level = null,
    MessageType? Type = null,
    string? AccountId = null,
    int? PolicyId = null,
    bool UnreadOnly = false)
{
    public bool IsEmpty => this == new MessageFilters();

    /// <summary>Reads the filters from the URL's values; values that name nothing known are ignored and listed by <paramref name="link"/>.</summary>
    public static MessageFilters FromLink(LinkValues link, string? level, string? type, string? accountId, string? policyId, string? unread) => new(
        link.Choice<MessageLevel>("level", level, "message level"),
        link.Choice<MessageType>("type", type, "message type"),
        link.AccountId("account", accountId),
        link.Id("policy", policyId, "protection policy"),
        link.Known("unread", unread, v => v is "true" or "false", "unread-only value") == "true");

    public MessageQuery ToQuery(int page, int pageSize) => new(Level, Type, AccountId, PolicyId, UnreadOnly, page, pageSize);

    /// <summary>The query-string parameters of these filters (null values are left out of the URL).</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        ["level"] = Level?.ToString(),
        ["type"] = Type?.ToString(),
        ["account"] = AccountId,
        ["policy"] = PolicyId,
        ["unread"] = UnreadOnly ? "true" : null,
    };
}
