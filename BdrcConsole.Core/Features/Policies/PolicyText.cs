using BdrcConsole.Core.Domain.Policies;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>Sub-policies in words, as the policy list and the protection sources show them.</summary>
public static class PolicyText
{
    public static string Title(SubPolicyKind kind) => kind switch
    {
        SubPolicyKind.EcsSnapshot => "ECS automatic snapshot policy",
        SubPolicyKind.CloudBackupEcs => "Cloud Backup for ECS",
        SubPolicyKind.CloudBackupOss => "Cloud Backup for OSS",
        SubPolicyKind.CloudBackupNas => "Cloud Backup for NAS",
        SubPolicyKind.CloudBackupTablestore => "Cloud Backup for Tablestore",
        SubPolicyKind.NasRecycleBin => "NAS recycle bin",
        _ => "OSS versioning",
    };

    /// <summary>E.g. "Cloud Backup for OSS · 0 2 * * * · keep 30 days · replicate to cn-shanghai".</summary>
    public static string Settings(SubPolicy sub)
    {
        var parts = new List<string> { Title(sub.Kind) };
        switch (sub.Kind)
        {
            case SubPolicyKind.EcsSnapshot:
                parts.Add($"at {string.Join(", ", (sub.TimePoints ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(h => $"{int.Parse(h):00}:00"))}");
                parts.Add($"on {string.Join(", ", (sub.DaysOfWeek ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DayNames[int.Parse(d) - 1]))}");
                parts.Add($"keep {sub.RetentionDays} days");
                if (sub.CrossRegionCopy)
                    parts.Add($"copy to {sub.TargetRegionId}, keep {sub.CopyRetentionDays} days");
                break;
            case SubPolicyKind.NasRecycleBin:
                parts.Add($"keep {sub.RetentionDays} days");
                break;
            case SubPolicyKind.OssVersioning:
                break;
            default:
                parts.Add(sub.CronExpression ?? "");
                parts.Add($"keep {sub.RetentionDays} days");
                if (sub.VaultReplication)
                    parts.Add($"replicate to {sub.TargetRegionId}");
                break;
        }
        return string.Join(" · ", parts);
    }

    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
}
