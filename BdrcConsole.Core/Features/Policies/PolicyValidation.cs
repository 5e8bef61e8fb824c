using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using Cronos;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// What the editor's input is checked against beyond its own fields: the owner's other policy names and its
/// own resource groups. The service reads them from the database; the web may pass what it listed.
/// </summary>
public sealed record PolicyValidationContext(IReadOnlyCollection<string> OtherPolicyNames, IReadOnlyCollection<int> OwnGroupIds);

/// <summary>
/// The field rules of a protection policy (docs/rules.md §10), one clear message per invalid field. Pure, so the
/// editor shows the same messages as the service refuses with.
/// </summary>
public static class PolicyValidation
{
    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 65535;

    /// <summary>A schedule may not run more often than this (Cloud Backup plans).</summary>
    public static readonly TimeSpan MinScheduleInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// Four years from a leap year's start hold every day a five-field expression can name (29 February
    /// included), so the smallest gap between consecutive occurrences in this window is the expression's.
    /// </summary>
    private static readonly DateTime FrequencyWindowStart = new(2028, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime FrequencyWindowEnd = FrequencyWindowStart.AddYears(4).AddDays(1);

    public static IReadOnlyList<PolicyFieldError> Validate(PolicyInput input, PolicyValidationContext? context = null)
    {
        var errors = new List<PolicyFieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
            errors.Add(new("Name", "The policy name is required."));
        else if (name.Length > ProtectionPolicy.MaxNameLength)
            errors.Add(new("Name", $"The policy name can be at most {ProtectionPolicy.MaxNameLength} characters."));
        else if (context?.OtherPolicyNames.Contains(name, StringComparer.OrdinalIgnoreCase) == true)
            errors.Add(new("Name", $"You already have a protection policy named {name}."));

        if (input.Description?.Trim().Length > ProtectionPolicy.MaxDescriptionLength)
            errors.Add(new("Description", $"The description can be at most {ProtectionPolicy.MaxDescriptionLength} characters."));

        var groups = input.GroupIds ?? [];
        if (groups.Count == 0)
            errors.Add(new("Groups", "Choose at least one resource group."));
        else if (groups.Distinct().Count() > ProtectionPolicy.MaxGroups)
            errors.Add(new("Groups", $"A policy can be bound to at most {ProtectionPolicy.MaxGroups} resource groups."));
        else if (groups.Distinct().Count() != groups.Count)
            errors.Add(new("Groups", "A resource group is chosen twice."));
        else if (context is not null && groups.FirstOrDefault(g => !context.OwnGroupIds.Contains(g)) is var unknown and not 0)
            errors.Add(new("Groups", $"Resource group {unknown} does not exist in your account."));

        var subPolicies = input.SubPolicies ?? [];
        if (subPolicies.Count == 0)
            errors.Add(new("SubPolicies", "Add at least one sub-policy."));
        else if (subPolicies.Count > ProtectionPolicy.MaxSubPolicies)
            errors.Add(new("SubPolicies", $"A policy can have at most {ProtectionPolicy.MaxSubPolicies} sub-policies."));
        else if (subPolicies.Where(s => s.ExistingId is not null).GroupBy(s => s.ExistingId).Any(g => g.Count() > 1))
            errors.Add(new("SubPolicies", "A sub-policy is submitted twice."));

        for (var i = 0; i < subPolicies.Count; i++)
            ValidateSubPolicy(subPolicies[i], $"SubPolicies[{i}]", $"Sub-policy {i + 1}", errors);
        return errors;
    }

    /// <summary>The messages, one per line, as a service refuses invalid input.</summary>
    public static string Describe(IReadOnlyList<PolicyFieldError> errors) => string.Join("\n", errors.Select(e => e.Message));

    private static void ValidateSubPolicy(SubPolicyInput sub, string field, string label, List<PolicyFieldError> errors)
    {
        if (!Enum.IsDefined(sub.Kind))
        {
            errors.Add(new($"{field}.Kind", $"{label}: unknown kind."));
            return;
        }
        switch (sub.Kind)
        {
            case SubPolicyKind.EcsSnapshot:
                var hours = sub.TimePoints ?? [];
                if (hours.Count == 0)
                    errors.Add(new($"{field}.TimePoints", $"{label}: choose at least one time point."));
                else if (hours.Any(h => h is < 0 or > 23))
                    errors.Add(new($"{field}.TimePoints", $"{label}: time points are hours from 0 to 23."));
                else if (hours.Distinct().Count() != hours.Count)
                    errors.Add(new($"{field}.TimePoints", $"{label}: a time point is chosen twice."));
                var days = sub.DaysOfWeek ?? [];
                if (days.Count == 0)
                    errors.Add(new($"{field}.DaysOfWeek", $"{label}: choose at least one day of the week."));
                else if (days.Any(d => !Enum.IsDefined(d)) || days.Distinct().Count() != days.Count)
                    errors.Add(new($"{field}.DaysOfWeek", $"{label}: each day of the week can be chosen once."));
                RequireRetention(sub.RetentionDays, MaxRetentionDays, $"{field}.RetentionDays", $"{label}: retention", errors);
                if (sub.CrossRegionCopy)
                {
                    RequireRegion(sub.TargetRegionId, $"{field}.TargetRegionId", $"{label}: the cross-region copy", errors);
                    RequireRetention(sub.CopyRetentionDays, MaxRetentionDays, $"{field}.CopyRetentionDays", $"{label}: copy retention", errors);
                }
                break;
            case SubPolicyKind.CloudBackupEcs or SubPolicyKind.CloudBackupOss or SubPolicyKind.CloudBackupNas or SubPolicyKind.CloudBackupTablestore:
                if (CronProblem(sub.CronExpression) is { } problem)
                    errors.Add(new($"{field}.CronExpression", $"{label}: {problem}"));
                RequireRetention(sub.RetentionDays, MaxRetentionDays, $"{field}.RetentionDays", $"{label}: retention", errors);
                if (sub.VaultReplication)
                    RequireRegion(sub.TargetRegionId, $"{field}.TargetRegionId", $"{label}: the vault replication", errors);
                break;
            case SubPolicyKind.NasRecycleBin:
                RequireRetention(sub.RetentionDays, NasFileSystem.MaxRecycleBinRetentionDays, $"{field}.RetentionDays", $"{label}: recycle bin retention", errors);
                break;
            case SubPolicyKind.OssVersioning:
                break;
        }
    }

    private static void RequireRetention(int? days, int max, string field, string what, List<PolicyFieldError> errors)
    {
        if (days is null)
            errors.Add(new(field, $"{what} is required."));
        else if (days < MinRetentionDays || days > max)
            errors.Add(new(field, $"{what} must be from {MinRetentionDays} to {max} days."));
    }

    private static void RequireRegion(string? regionId, string field, string what, List<PolicyFieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(regionId))
            errors.Add(new(field, $"{what} needs a target region."));
        else if (Regions.Find(regionId) is null)
            errors.Add(new(field, $"{what} targets an unknown region ({regionId})."));
    }

    /// <summary>Why a Cloud Backup schedule is refused, or null when it is a valid five-field cron at most hourly.</summary>
    public static string? CronProblem(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            return "the backup schedule (cron expression) is required.";
        if (expression.Length > SubPolicy.MaxCronLength)
            return $"the backup schedule can be at most {SubPolicy.MaxCronLength} characters.";
        CronExpression cron;
        try
        {
            cron = CronExpression.Parse(expression.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            return $"\"{expression}\" is not a valid five-field cron expression ({ex.Message.TrimEnd('.')}).";
        }
        DateTime? previous = null;
        foreach (var occurrence in cron.GetOccurrences(FrequencyWindowStart, FrequencyWindowEnd))
        {
            if (previous is { } before && occurrence - before < MinScheduleInterval)
                return $"\"{expression}\" runs more often than hourly; schedule backups at most once an hour.";
            previous = occurrence;
        }
        return previous is null ? $"\"{expression}\" never runs." : null;
    }

    /// <summary>The product a sub-policy kind acts on.</summary>
    public static ProductType ProductOf(SubPolicyKind kind) => kind switch
    {
        SubPolicyKind.EcsSnapshot or SubPolicyKind.CloudBackupEcs => ProductType.Ecs,
        SubPolicyKind.CloudBackupOss or SubPolicyKind.OssVersioning => ProductType.Oss,
        SubPolicyKind.CloudBackupNas or SubPolicyKind.NasRecycleBin => ProductType.Nas,
        _ => ProductType.Tablestore,
    };

    /// <summary>Kinds with a schedule (they leave recovery points when they run).</summary>
    public static bool IsScheduled(SubPolicyKind kind) => kind is not (SubPolicyKind.NasRecycleBin or SubPolicyKind.OssVersioning);
}
