using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Detection;

namespace BdrcConsole.Core.Features.Panorama;

/// <summary>
/// One protection stage of a product, counted over the resources included in checks from the stored results of
/// the stage's check item (docs/rules.md §6), so that <see cref="Failed"/> is exactly what Risk Detection lists
/// for that item. A stage without a check item (<see cref="RuleId"/> null) is shown for information only.
/// </summary>
/// <param name="Reached">Resources whose check item passed (without a check item: whose configuration reaches the stage).</param>
/// <param name="Of">The denominator: resources the item judged (passed or failed); without a check item, the checked resources.</param>
/// <param name="Failed">Risks of the item: what the stage's link opens in Risk Detection.</param>
/// <param name="NotApplicable">Resources to which the item does not apply (e.g. vault replication without a backup plan): not uncovered.</param>
/// <param name="CheckFailed">Resources whose check could not run.</param>
public sealed record PanoramaStage(string Title, string? RuleId, int Reached, int Of, int Failed, int NotApplicable, int CheckFailed)
{
    /// <summary>False for a stage no check item judges: it is never a failure.</summary>
    public bool IsChecked => RuleId is not null;
}

/// <summary>One product of the Data Disaster Recovery Panorama: its resources, then each protection stage.</summary>
/// <param name="Resources">All the product's resources in the account (what the Resource Center lists) and those excluded from checks.</param>
/// <param name="Lrs">OSS and Tablestore: resources that are locally redundant (all resources, as the Resource Center's redundancy filter counts).</param>
public sealed record ProductPanorama(
    ProductType Product,
    ResourceTally Resources,
    IReadOnlyList<PanoramaStage> Stages,
    int? Lrs,
    int? Zrs);

/// <summary>The Data Disaster Recovery Panorama of one account, product by product.</summary>
public sealed record AccountPanorama(string AccountId, string AccountName, IReadOnlyList<ProductPanorama> Products);
