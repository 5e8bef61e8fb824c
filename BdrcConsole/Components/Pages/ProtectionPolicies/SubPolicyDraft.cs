using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Policies;

namespace BdrcConsole.Components.Pages.ProtectionPolicies;

/// <summary>
/// A sub-policy while the editor changes it: every kind's settings are kept, so switching the kind back and forth
/// loses nothing, and <see cref="ToInput"/> submits only the settings of the chosen kind (Core validates them).
/// </summary>
public sealed class SubPolicyDraft
{
    public SubPolicyKind Kind { get; set; }
    public int? ExistingId { get; init; }
    public IReadOnlyCollection<int> TimePoints { get; set; } = [2];
    public IReadOnlySet<DayOfWeek> DaysOfWeek { get; set; } = Enum.GetValues<DayOfWeek>().ToHashSet();
    public int? RetentionDays { get; set; } = 30;
    public int? RecycleBinRetentionDays { get; set; } = 7;
    public bool CrossRegionCopy { get; set; }
    public int? CopyRetentionDays { get; set; } = 30;
    public string? CronExpression { get; set; } = "0 2 * * *";
    public bool VaultReplication { get; set; }
    public string? TargetRegionId { get; set; }

    /// <summary>A stable key for the editor's list while sub-policies are added and removed.</summary>
    public Guid Key { get; } = Guid.NewGuid();

    public SubPolicyInput ToInput() => Kind switch
    {
        SubPolicyKind.EcsSnapshot => new(Kind, ExistingId,
            TimePoints: TimePoints.Order().ToList(),
            DaysOfWeek: DaysOfWeek.OrderBy(d => ((int)d + 6) % 7).ToList(),
            RetentionDays: RetentionDays,
            CrossRegionCopy: CrossRegionCopy,
            CopyRetentionDays: CrossRegionCopy ? CopyRetentionDays : null,
            TargetRegionId: CrossRegionCopy ? TargetRegionId : null),
        SubPolicyKind.NasRecycleBin => new(Kind, ExistingId, RetentionDays: RecycleBinRetentionDays),
        SubPolicyKind.OssVersioning => new(Kind, ExistingId),
        _ => new(Kind, ExistingId,
            RetentionDays: RetentionDays,
            CronExpression: CronExpression,
            VaultReplication: VaultReplication,
            TargetRegionId: VaultReplication ? TargetRegionId : null),
    };

    public static SubPolicyDraft From(SubPolicyInput input)
    {
        var draft = new SubPolicyDraft
        {
            Kind = input.Kind,
            ExistingId = input.ExistingId,
            CrossRegionCopy = input.CrossRegionCopy,
            VaultReplication = input.VaultReplication,
            TargetRegionId = input.TargetRegionId,
        };
        if (input.TimePoints is { } hours)
            draft.TimePoints = hours.ToList();
        if (input.DaysOfWeek is { } days)
            draft.DaysOfWeek = days.ToHashSet();
        if (input.CopyRetentionDays is { } copy)
            draft.CopyRetentionDays = copy;
        if (input.CronExpression is { } cron)
            draft.CronExpression = cron;
        if (input.Kind == SubPolicyKind.NasRecycleBin)
            draft.RecycleBinRetentionDays = input.RetentionDays;
        else if (input.RetentionDays is { } retention)
            draft.RetentionDays = retention;
        return draft;
    }
}
