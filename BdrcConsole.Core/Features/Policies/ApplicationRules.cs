using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>The settings of a sub-policy that decide whether it applies to a resource and what it grants.</summary>
internal sealed record SubPolicySettings(SubPolicyKind Kind, bool CrossRegionCopy, bool VaultReplication, string? TargetRegionId, int? RetentionDays)
{
    public static SubPolicySettings Of(SubPolicy sub) => new(sub.Kind, sub.CrossRegionCopy, sub.VaultReplication, sub.TargetRegionId, sub.RetentionDays);

    public static SubPolicySettings Of(SubPolicyInput sub) => new(sub.Kind, sub.CrossRegionCopy, sub.VaultReplication, sub.TargetRegionId?.Trim(), sub.RetentionDays);
}

/// <summary>What of a resource the failure rules read.</summary>
internal sealed record ResourceTraits(string RegionId, string? CheckError, OssStorageClass? StorageClass, NasFileSystemType? NasType);

/// <summary>An application's outcome: a failure reason, or what it grants once it succeeded.</summary>
internal readonly record struct ApplicationOutcome(string? FailureReason, ProtectionGrant Grants, int? RecycleBinRetentionDays)
{
    public bool Succeeded => FailureReason is null;
}

/// <summary>
/// The deterministic failure rules of applying a sub-policy to a resource and the grants of each kind (README
/// "Protection policy failure rules", docs/rules.md §10). Pure, so the impact preview and the completion step
/// cannot disagree.
/// </summary>
internal static class ApplicationRules
{
    private static readonly OssStorageClass[] UnbackableClasses = [OssStorageClass.Archive, OssStorageClass.ColdArchive, OssStorageClass.DeepColdArchive];

    public static ApplicationOutcome Decide(SubPolicySettings sub, ResourceTraits resource)
    {
        if (FailureReason(sub, resource) is { } reason)
            return new(reason, ProtectionGrant.None, null);
        var grants = Grants(sub);
        return new(null, grants, sub.Kind == SubPolicyKind.NasRecycleBin ? sub.RetentionDays : null);
    }

    public static string? FailureReason(SubPolicySettings sub, ResourceTraits resource)
    {
        if (resource.CheckError is { } error)
            return Truncate($"The cloud refused access to the resource: {error}");
        if (sub.Kind == SubPolicyKind.NasRecycleBin && resource.NasType == NasFileSystemType.Extreme)
            return "Extreme NAS file systems have no recycle bin.";
        if (sub.Kind == SubPolicyKind.CloudBackupOss && resource.StorageClass is { } storageClass && UnbackableClasses.Contains(storageClass))
            return $"Cloud Backup cannot back up {storageClass} buckets.";
        var copiesAcrossRegions = (sub.Kind == SubPolicyKind.EcsSnapshot && sub.CrossRegionCopy) || (IsCloudBackup(sub.Kind) && sub.VaultReplication);
        if (copiesAcrossRegions && string.Equals(sub.TargetRegionId, resource.RegionId, StringComparison.Ordinal))
            return $"The target region {resource.RegionId} is the resource's own region: a copy must go to another region.";
        return null;
    }

    public static ProtectionGrant Grants(SubPolicySettings sub) => sub.Kind switch
    {
        SubPolicyKind.EcsSnapshot => ProtectionGrant.SnapshotPolicy | (sub.CrossRegionCopy ? ProtectionGrant.SnapshotCrossRegionCopy : ProtectionGrant.None),
        SubPolicyKind.NasRecycleBin => ProtectionGrant.RecycleBin,
        SubPolicyKind.OssVersioning => ProtectionGrant.Versioning,
        _ => ProtectionGrant.CloudBackup | (sub.VaultReplication ? ProtectionGrant.VaultReplication : ProtectionGrant.None),
    };

    public static bool IsCloudBackup(SubPolicyKind kind) =>
        kind is SubPolicyKind.CloudBackupEcs or SubPolicyKind.CloudBackupOss or SubPolicyKind.CloudBackupNas or SubPolicyKind.CloudBackupTablestore;

    /// <summary>The simulated cloud task that applied it: sub-policy and application ids, so a repeat names the same task.</summary>
    public static string TaskId(int subPolicyId, long applicationId) => $"t-{subPolicyId:x8}-{applicationId:x8}";

    private static string Truncate(string text) => text.Length > 256 ? text[..256] : text;
}
