namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// How many resources a scope holds and how many of them are excluded from checks (docs/rules.md §7:
/// excluded resources are counted, never hidden). <see cref="Resources"/> is what the Resource Center
/// lists; <see cref="CheckedResources"/> is what scores and risks are computed over. Every page reads
/// these two numbers from here, so that "30 resources · 2 excluded from checks" is the same everywhere.
/// </summary>
public sealed record ResourceTally(int Resources, int ExcludedResources)
{
    public static ResourceTally None { get; } = new(0, 0);

    /// <summary>The resources that count in scores and risks: all of them but the excluded ones.</summary>
    public int CheckedResources => Resources - ExcludedResources;

    public ResourceTally Plus(ResourceTally other) => new(Resources + other.Resources, ExcludedResources + other.ExcludedResources);
}
