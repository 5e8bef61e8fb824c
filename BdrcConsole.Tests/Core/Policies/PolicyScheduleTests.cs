using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Policies;

namespace BdrcConsole.Tests.Core.Policies;

/// <summary>When sub-policies run (docs/rules.md §10): snapshot time points on days of the week, Cloud Backup cron, UTC.</summary>
public class PolicyScheduleTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    // 2026-12-01 is a Tuesday.
    [Theory]
    [InlineData(12, 1, 10, 0, 12, 2, 2)]   // Tuesday is not listed: Wednesday's first time point
    [InlineData(12, 2, 1, 59, 12, 2, 2)]   // earlier the same day
    [InlineData(12, 2, 2, 0, 12, 2, 14)]   // strictly after: 02:00 itself is not next
    [InlineData(12, 2, 14, 0, 12, 4, 2)]   // after the day's last point: Friday
    [InlineData(12, 4, 20, 0, 12, 7, 2)]   // after Friday: next week's Monday
    public void NextSnapshot_TimePointsOnDaysOfWeek_NextListedHourOnAListedDay(int month, int day, int hour, int minute, int nextMonth, int nextDay, int nextHour)
    {
        var next = PolicySchedule.NextSnapshot("2,14", "1,3,5", Utc(month, day, hour, minute));

        Assert.Equal(Utc(nextMonth, nextDay, nextHour), next);
    }

    [Fact]
    public void NextSnapshot_OneDayAWeekAfterItsOnlyPoint_SameDayNextWeek()
    {
        // Sunday 2026-12-06 23:00 → Sunday 2026-12-13 23:00.
        Assert.Equal(Utc(12, 13, 23), PolicySchedule.NextSnapshot("23", "7", Utc(12, 6, 23)));
    }

    [Fact]
    public void NextSnapshot_MissingSettings_NoSchedule()
    {
        Assert.Null(PolicySchedule.NextSnapshot("", "1", Utc(12, 1, 0)));
        Assert.Null(PolicySchedule.NextSnapshot("2", null, Utc(12, 1, 0)));
    }

    [Theory]
    [InlineData("0 2 * * *", 12, 1, 2, 0, 12, 2, 2, 0)]
    [InlineData("0 2 * * *", 12, 1, 1, 30, 12, 1, 2, 0)]
    [InlineData("30 */6 * * 1-5", 12, 4, 18, 30, 12, 7, 0, 30)]  // Friday's last slot passed: Monday
    [InlineData("0 0 1 * *", 12, 15, 0, 0, 1, 1, 0, 0)]
    public void NextCron_CloudBackupPlan_NextOccurrenceStrictlyAfterInUtc(string cron, int month, int day, int hour, int minute, int nextMonth, int nextDay, int nextHour, int nextMinute)
    {
        var next = PolicySchedule.NextCron(cron, Utc(month, day, hour, minute));

        var expectedYear = nextMonth < month ? 2027 : 2026;
        Assert.Equal(new DateTimeOffset(expectedYear, nextMonth, nextDay, nextHour, nextMinute, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextOccurrence_EachKind_SnapshotAndBackupScheduledSettingsNot()
    {
        var after = Utc(12, 1, 10);

        Assert.Equal(Utc(12, 2, 2), PolicySchedule.NextOccurrence(new SubPolicy { Kind = SubPolicyKind.EcsSnapshot, TimePoints = "2", DaysOfWeek = "3" }, after));
        foreach (var kind in new[] { SubPolicyKind.CloudBackupEcs, SubPolicyKind.CloudBackupOss, SubPolicyKind.CloudBackupNas, SubPolicyKind.CloudBackupTablestore })
        {
            Assert.True(PolicySchedule.IsScheduled(kind));
            Assert.Equal(Utc(12, 1, 11), PolicySchedule.NextOccurrence(new SubPolicy { Kind = kind, CronExpression = "0 * * * *" }, after));
        }
        foreach (var kind in new[] { SubPolicyKind.NasRecycleBin, SubPolicyKind.OssVersioning })
        {
            Assert.False(PolicySchedule.IsScheduled(kind));
            Assert.Null(PolicySchedule.NextOccurrence(new SubPolicy { Kind = kind, CronExpression = "0 * * * *", TimePoints = "2", DaysOfWeek = "1" }, after));
        }
    }

    [Fact]
    public void NextCron_UnreadableExpression_NoScheduleRatherThanAnError()
    {
        Assert.Null(PolicySchedule.NextCron("not a cron", Utc(12, 1, 0)));
        Assert.Null(PolicySchedule.NextCron(null, Utc(12, 1, 0)));
    }

    [Theory]
    [InlineData(0, 0, ExecutionStatus.Succeeded, "No resources backed up: the sub-policy is not applied to any resource yet.")]
    [InlineData(13, 0, ExecutionStatus.Succeeded, "13 of 13 resources backed up.")]
    [InlineData(12, 1, ExecutionStatus.PartlyFailed, "12 of 13 resources backed up; 1 failed: Backup job timed out after 6 hours.")]
    [InlineData(0, 1, ExecutionStatus.Failed, "0 of 1 resource backed up; 1 failed: Backup job timed out after 6 hours.")]
    public void ExecutionOutcome_Counts_StatusAndText(int succeeded, int failed, ExecutionStatus status, string text)
    {
        IReadOnlyList<(string, int)> reasons = failed == 0 ? [] : [("Backup job timed out after 6 hours.", failed)];

        Assert.Equal(status, ExecutionOutcome.StatusOf(succeeded, failed));
        Assert.Equal(text, ExecutionOutcome.Describe(SubPolicyKind.CloudBackupNas, succeeded, failed, reasons));
    }

    [Fact]
    public void ExecutionOutcome_SeveralReasons_EachWithItsCount()
    {
        var text = ExecutionOutcome.Describe(SubPolicyKind.EcsSnapshot, 7, 3, [("Snapshot quota of the disk reached.", 2), ("The disk was being resized during the snapshot window.", 1)]);

        Assert.Equal("7 of 10 resources snapshotted; 3 failed: Snapshot quota of the disk reached (2); The disk was being resized during the snapshot window (1).", text);
        Assert.Equal((MessageLevel.Warning, MessageType.ExecutionPartlyFailed), ExecutionOutcome.MessageOf(ExecutionStatus.PartlyFailed));
        Assert.Equal((MessageLevel.Error, MessageType.ExecutionFailed), ExecutionOutcome.MessageOf(ExecutionStatus.Failed));
        Assert.Equal((MessageLevel.Info, MessageType.ExecutionSucceeded), ExecutionOutcome.MessageOf(ExecutionStatus.Succeeded));
    }
}
