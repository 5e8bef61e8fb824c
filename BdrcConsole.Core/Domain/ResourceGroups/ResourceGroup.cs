namespace BdrcConsole.Core.Domain.ResourceGroups;

/// <summary>How the conditions of a tag matcher combine.</summary>
public enum MatchMode
{
    /// <summary>Every condition holds (AND).</summary>
    All,
    /// <summary>At least one condition holds (OR).</summary>
    Any,
}

public enum TagOperator
{
    /// <summary>The tag key exists with exactly this value.</summary>
    Equal,
    /// <summary>The tag key exists, whatever its value.</summary>
    KeyExists,
    /// <summary>The tag key exists with a value other than this one.</summary>
    KeyExistsAndNotEqual,
}

/// <summary>
/// A resource group of the account that created it: a tag matcher evaluated over the owner's own
/// resources and those of the accounts it manages.
/// </summary>
public sealed class ResourceGroup
{
    public int Id { get; init; }
    public required string OwnerAccountId { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public MatchMode MatchMode { get; set; }
    public List<TagCondition> Conditions { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 256;
    public const int MaxConditions = 10;
}

public sealed class TagCondition
{
    public int Id { get; init; }
    public int ResourceGroupId { get; init; }
    public required string Key { get; init; }
    public TagOperator Operator { get; init; }
    /// <summary>The value compared with; null for <see cref="TagOperator.KeyExists"/>.</summary>
    public string? Value { get; init; }
}
