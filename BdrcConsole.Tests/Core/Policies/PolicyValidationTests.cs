using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Policies;
using static BdrcConsole.Tests.TestSupport.PolicyTestData;

namespace BdrcConsole.Tests.Core.Policies;

public class PolicyValidationTests
{
    private static readonly PolicyValidationContext Context = new(["Existing"], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

    private static PolicyInput Valid(params SubPolicyInput[] subs) => Policy("Nightly", [1], subs.Length == 0 ? [Versioning()] : subs);

    public static TheoryData<string, PolicyInput, string, string> InvalidInputs => new()
    {
        { "name missing", Valid() with { Name = "  " }, "Name", "The policy name is required." },
        { "name too long", Valid() with { Name = new string('n', 65) }, "Name", "The policy name can be at most 64 characters." },
        { "name taken", Valid() with { Name = "existing" }, "Name", "You already have a protection policy named existing." },
        { "description too long", Valid() with { Description = new string('d', 257) }, "Description", "The description can be at most 256 characters." },
        { "no group", Valid() with { GroupIds = [] }, "Groups", "Choose at least one resource group." },
        { "eleven groups", Valid() with { GroupIds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, "Groups", "A policy can be bound to at most 10 resource groups." },
        { "group twice", Valid() with { GroupIds = [1, 1] }, "Groups", "A resource group is chosen twice." },
        { "another account's group", Valid() with { GroupIds = [1, 99] }, "Groups", "Resource group 99 does not exist in your account." },
        { "no sub-policy", Valid() with { SubPolicies = [] }, "SubPolicies", "Add at least one sub-policy." },
        { "eleven sub-policies", Valid() with { SubPolicies = Enumerable.Repeat(Versioning(), 11).ToList() }, "SubPolicies", "A policy can have at most 10 sub-policies." },
        { "sub-policy twice", Valid(Versioning() with { ExistingId = 5 }, Versioning() with { ExistingId = 5 }), "SubPolicies", "A sub-policy is submitted twice." },
        { "unknown kind", Valid(new SubPolicyInput((SubPolicyKind)42)), "SubPolicies[0].Kind", "Sub-policy 1: unknown kind." },
        { "no time point", Valid(Snapshot() with { TimePoints = [] }), "SubPolicies[0].TimePoints", "Sub-policy 1: choose at least one time point." },
        { "hour 24", Valid(Snapshot() with { TimePoints = [24] }), "SubPolicies[0].TimePoints", "Sub-policy 1: time points are hours from 0 to 23." },
        { "hour twice", Valid(Snapshot() with { TimePoints = [2, 2] }), "SubPolicies[0].TimePoints", "Sub-policy 1: a time point is chosen twice." },
        { "no day", Valid(Snapshot() with { DaysOfWeek = [] }), "SubPolicies[0].DaysOfWeek", "Sub-policy 1: choose at least one day of the week." },
        { "day twice", Valid(Snapshot() with { DaysOfWeek = [DayOfWeek.Monday, DayOfWeek.Monday] }), "SubPolicies[0].DaysOfWeek", "Sub-policy 1: each day of the week can be chosen once." },
        { "snapshot retention missing", Valid(Snapshot() with { RetentionDays = null }), "SubPolicies[0].RetentionDays", "Sub-policy 1: retention is required." },
        { "snapshot retention 0", Valid(Snapshot() with { RetentionDays = 0 }), "SubPolicies[0].RetentionDays", "Sub-policy 1: retention must be from 1 to 65535 days." },
        { "snapshot retention 65536", Valid(Snapshot() with { RetentionDays = 65536 }), "SubPolicies[0].RetentionDays", "Sub-policy 1: retention must be from 1 to 65535 days." },
        { "copy without region", Valid(Snapshot(copy: true) with { TargetRegionId = null }), "SubPolicies[0].TargetRegionId", "Sub-policy 1: the cross-region copy needs a target region." },
        { "copy to unknown region", Valid(Snapshot(copy: true, target: "mars-1")), "SubPolicies[0].TargetRegionId", "Sub-policy 1: the cross-region copy targets an unknown region (mars-1)." },
        { "copy retention missing", Valid(Snapshot(copy: true) with { CopyRetentionDays = null }), "SubPolicies[0].CopyRetentionDays", "Sub-policy 1: copy retention is required." },
        { "copy retention 0", Valid(Snapshot(copy: true) with { CopyRetentionDays = 0 }), "SubPolicies[0].CopyRetentionDays", "Sub-policy 1: copy retention must be from 1 to 65535 days." },
        { "cron missing", Valid(OssBackup() with { CronExpression = " " }), "SubPolicies[0].CronExpression", "Sub-policy 1: the backup schedule (cron expression) is required." },
        { "cron too long", Valid(OssBackup() with { CronExpression = new string('1', 101) }), "SubPolicies[0].CronExpression", "Sub-policy 1: the backup schedule can be at most 100 characters." },
        { "cron every 30 minutes", Valid(OssBackup() with { CronExpression = "*/30 * * * *" }), "SubPolicies[0].CronExpression", "Sub-policy 1: \"*/30 * * * *\" runs more often than hourly; schedule backups at most once an hour." },
        { "cron twice in an hour", Valid(EcsBackup() with { CronExpression = "0,30 2 * * *" }), "SubPolicies[0].CronExpression", "Sub-policy 1: \"0,30 2 * * *\" runs more often than hourly; schedule backups at most once an hour." },
        { "cron every minute on 29 February", Valid(NasBackup() with { CronExpression = "* * 29 2 *" }), "SubPolicies[0].CronExpression", "Sub-policy 1: \"* * 29 2 *\" runs more often than hourly; schedule backups at most once an hour." },
        { "cron never", Valid(NasBackup() with { CronExpression = "0 0 30 2 *" }), "SubPolicies[0].CronExpression", "Sub-policy 1: \"0 0 30 2 *\" never runs." },
        { "backup retention missing", Valid(OssBackup() with { RetentionDays = null }), "SubPolicies[0].RetentionDays", "Sub-policy 1: retention is required." },
        { "replication without region", Valid(OssBackup(replicate: true) with { TargetRegionId = "" }), "SubPolicies[0].TargetRegionId", "Sub-policy 1: the vault replication needs a target region." },
        { "replication to unknown region", Valid(OssBackup(replicate: true, target: "cn-nowhere")), "SubPolicies[0].TargetRegionId", "Sub-policy 1: the vault replication targets an unknown region (cn-nowhere)." },
        { "recycle bin missing", Valid(RecycleBin() with { RetentionDays = null }), "SubPolicies[0].RetentionDays", "Sub-policy 1: recycle bin retention is required." },
        { "recycle bin 181 days", Valid(RecycleBin(181)), "SubPolicies[0].RetentionDays", "Sub-policy 1: recycle bin retention must be from 1 to 180 days." },
        { "second sub-policy", Valid(Versioning(), RecycleBin(0)), "SubPolicies[1].RetentionDays", "Sub-policy 2: recycle bin retention must be from 1 to 180 days." },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Validate_InvalidField_GivesThatFieldItsMessage(string _, PolicyInput input, string field, string message)
    {
        var errors = PolicyValidation.Validate(input, Context);

        Assert.Equal([new PolicyFieldError(field, message)], errors);
    }

    [Fact]
    public void Validate_CronExpressionThatIsNotCron_SaysItIsNotValid()
    {
        var error = Assert.Single(PolicyValidation.Validate(Valid(OssBackup() with { CronExpression = "every night" }), Context));

        Assert.Equal("SubPolicies[0].CronExpression", error.Field);
        Assert.StartsWith("Sub-policy 1: \"every night\" is not a valid five-field cron expression", error.Message);
    }

    [Fact]
    public void Validate_EveryKindWithValidSettings_HasNoErrors()
    {
        var input = Valid(Snapshot(copy: true), OssBackup(replicate: true), EcsBackup(), NasBackup() with { CronExpression = "0 * * * *" },
            new SubPolicyInput(SubPolicyKind.CloudBackupTablestore, CronExpression: "15 1 * * 1-5", RetentionDays: 65535), RecycleBin(180), Versioning());

        Assert.Empty(PolicyValidation.Validate(input, Context));
    }

    [Fact]
    public void Validate_SeveralInvalidFields_ListsEachOnceAndDescribeJoinsThemByLine()
    {
        var errors = PolicyValidation.Validate(new PolicyInput("", null, [], [RecycleBin(0)]), Context);

        Assert.Equal(["Name", "Groups", "SubPolicies[0].RetentionDays"], errors.Select(e => e.Field));
        Assert.Equal("The policy name is required.\nChoose at least one resource group.\nSub-policy 1: recycle bin retention must be from 1 to 180 days.",
            PolicyValidation.Describe(errors));
    }
}
