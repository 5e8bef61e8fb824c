using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Features.ResourceGroups;

/// <summary>One condition of a tag matcher as the user entered it.</summary>
public sealed record TagConditionInput(string Key, TagOperator Operator, string? Value = null);

/// <summary>A tag matcher: conditions combined with AND (<see cref="MatchMode.All"/>) or OR (<see cref="MatchMode.Any"/>).</summary>
public sealed record TagMatcher(MatchMode Mode, IReadOnlyList<TagConditionInput> Conditions);

/// <summary>What Create Resource Group / edit submits.</summary>
public sealed record ResourceGroupInput(string Name, string? Description, TagMatcher Matcher);

public sealed record ResourceGroupRow(int Id, string Name, string? Description, TagMatcher Matcher, DateTimeOffset UpdatedAt);

public sealed record MatchedResource(string Id, string Name, ProductType Product, string AccountId, string AccountName, string RegionId);

/// <summary>The result of Detect Resources: how many accounts and resources match, with the first of them.</summary>
public sealed record DetectionResult(int AccountCount, int ResourceCount, IReadOnlyList<AccountMatchCount> PerAccount, IReadOnlyList<MatchedResource> Resources);

public sealed record AccountMatchCount(string AccountId, string AccountName, int ResourceCount);
