namespace BdrcConsole.Core.Domain.Audit;

public enum AuditOutcome
{
    Succeeded,
    /// <summary>A rule or access check refused the operation.</summary>
    Refused,
    /// <summary>The request itself was invalid (missing or malformed input); nothing was attempted.</summary>
    Invalid,
}

/// <summary>One administrative action or refusal, kept for the acting account to review.</summary>
public class AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public required string UserName { get; init; }
    public required string ActingAccountId { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public AuditOutcome Outcome { get; init; }
    public string? Detail { get; init; }
}
