using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Features.Panorama;

/// <summary>One product of the Data Disaster Recovery Panorama: how many resources reach each protection stage.</summary>
public sealed record ProductPanorama(
    ProductType Product,
    int Resources,
    int BackedUp,
    int CrossRegion,
    int VaultReplicated,
    int? Lrs,
    int? Zrs);

/// <summary>The Data Disaster Recovery Panorama of one account, product by product.</summary>
public sealed record AccountPanorama(string AccountId, string AccountName, IReadOnlyList<ProductPanorama> Products);
