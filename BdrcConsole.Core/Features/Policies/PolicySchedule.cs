using System.Globalization;
using BdrcConsole.Core.Domain.Policies;
using Cronos;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// When a sub-policy runs (docs/rules.md §10), on the server clock in UTC: an ECS automatic snapshot policy at its
/// time points on its days of the week, a Cloud Backup plan on its cron schedule. NAS recycle bin and OSS versioning
/// are settings, not runs: they have no schedule. Pure; the policy service validates the settings, so a schedule
/// that cannot be read here is treated as none rather than refused.
/// </summary>
public static class PolicySchedule
{
    /// <summary>Whether the kind runs on a schedule (and so leaves recovery points and can be Run now).</summary>
    public static bool IsScheduled(SubPolicyKind kind) => kind is not (SubPolicyKind.NasRecycleBin or SubPolicyKind.OssVersioning);

    /// <summary>The first run strictly after <paramref name="after"/>; null for a kind without a schedule or unreadable settings.</summary>
    public static DateTimeOffset? NextOccurrence(SubPolicy subPolicy, DateTimeOffset after) => subPolicy.Kind switch
    {
        SubPolicyKind.EcsSnapshot => NextSnapshot(subPolicy.TimePoints, subPolicy.DaysOfWeek, after),
        _ when IsScheduled(subPolicy.Kind) => NextCron(subPolicy.CronExpression, after),
        _ => null,
    };

    /// <summary>
    /// The first whole hour strictly after <paramref name="after"/> that is one of <paramref name="timePoints"/>
    /// ("2,14": hours UTC) on one of <paramref name="daysOfWeek"/> ("1,3,5": ISO days, 1 = Monday … 7 = Sunday).
    /// </summary>
    public static DateTimeOffset? NextSnapshot(string? timePoints, string? daysOfWeek, DateTimeOffset after)
    {
        var hours = ParseNumbers(timePoints, 0, 23);
        var days = ParseNumbers(daysOfWeek, 1, 7);
        if (hours.Count == 0 || days.Count == 0)
            return null;
        var utc = after.ToUniversalTime();
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        // Eight days always reach the same weekday of next week.
        for (var i = 0; i <= 7; i++, day = day.AddDays(1))
        {
            if (!days.Contains(IsoDay(day.DayOfWeek)))
                continue;
            foreach (var hour in hours)
            {
                var candidate = day.AddHours(hour);
                if (candidate > utc)
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>The first occurrence of the five-field cron expression (UTC) strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset? NextCron(string? cronExpression, DateTimeOffset after)
    {
        if (string.IsNullOrWhiteSpace(cronExpression))
            return null;
        try
        {
            var cron = CronExpression.Parse(cronExpression.Trim(), CronFormat.Standard);
            var next = cron.GetNextOccurrence(after.UtcDateTime, TimeZoneInfo.Utc, inclusive: false);
            return next is { } utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null;
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    /// <summary>ISO day number: 1 = Monday … 7 = Sunday.</summary>
    public static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    private static SortedSet<int> ParseNumbers(string? list, int min, int max)
    {
        var numbers = new SortedSet<int>();
        foreach (var part in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
                numbers.Add(n);
        }
        return numbers;
    }
}
