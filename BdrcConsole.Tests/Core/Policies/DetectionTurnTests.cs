using BdrcConsole.Core.Data.Sql;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.PolicyTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Policies;

/// <summary>
/// A user operation that re-scores resources in its own transaction (a policy created, edited or deleted, a resource
/// group edited, an account leaving management, a resource excluded from checks, a full re-detection) waits for incremental detection's
/// turn (<see cref="WorkLock.IncrementalDetection"/>), as detection on another instance would hold it: otherwise both
/// read a resource's old stored outcome and both apply its difference to the account's aggregates (docs/rules.md §10,
/// "Several instances"). PostgreSQL only: on SQLite the one writer's transaction already excludes the other.
/// </summary>
[Trait(TestEngine.Trait, "PostgreSql")]
public class DetectionTurnTests
{
    private const string WebBucket = "pp-web-bucket";
    private const string WebInstance = "i-ppweb0000000000001";

    public enum Operation { PolicyCreated, PolicyEdited, PolicyDeleted, GroupEdited, AccountLeftManagement, ResourceExcluded, FullRedetection }

    [Theory]
    [InlineData(Operation.PolicyCreated)]
    [InlineData(Operation.PolicyEdited)]
    [InlineData(Operation.PolicyDeleted)]
    [InlineData(Operation.GroupEdited)]
    [InlineData(Operation.AccountLeftManagement)]
    [InlineData(Operation.ResourceExcluded)]
    [InlineData(Operation.FullRedetection)]
    public async Task UserOperation_WhileDetectionHoldsItsTurn_WaitsForItThenLeavesFreshScoresAndAggregates(Operation operation)
    {
        await using var host = await StartWithTaggedEstateAsync();
        await host.DetectionMaintenance().DetectAccountsAsync([SecurityId, ProdWebId, Dev1Id], null, CancellationToken.None);
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var policyId = operation == Operation.PolicyCreated ? 0
            : await host.Policies().CreateAsync(Actors.Security, Policy("Everything", [group], Versioning(), OssBackup(), Snapshot()));

        // A detection on another instance: its transaction holds the turn (and would go on to update resources and aggregates).
        await using var detection = await host.CreateDbContextAsync();
        var turn = await detection.Database.BeginTransactionAsync();
        await detection.Sql.Claims.LockAsync(detection, WorkLock.IncrementalDetection, default);

        var running = Task.Run(() => RunAsync(host, operation, group, policyId));
        await WaitUntilWaitingForTheTurnOrFinishedAsync(detection, running);
        Assert.False(running.IsCompleted, $"{operation} finished while detection held its turn{(running.IsFaulted ? $": {running.Exception}" : "")}.");

        await turn.RollbackAsync();
        await turn.DisposeAsync();
        await running.WaitAsync(TimeSpan.FromMinutes(1));

        if (operation is Operation.PolicyCreated)
            Assert.NotEqual(ProtectionGrant.None, (await host.GrantsAsync(WebBucket)).Grants);
        else if (operation is not (Operation.ResourceExcluded or Operation.FullRedetection))
            Assert.Equal(ProtectionGrant.None, (await host.GrantsAsync(WebInstance)).Grants);
        await host.AssertScoresFreshAsync(SecurityId, ProdWebId);
    }

    private static Task RunAsync(CoreTestHost host, Operation operation, int group, int policyId) => operation switch
    {
        Operation.PolicyCreated => host.Policies().CreateAsync(Actors.Security, Policy("Everything", [group], Versioning(), OssBackup(), Snapshot())),
        Operation.PolicyEdited => EditAsync(host, policyId),
        Operation.PolicyDeleted => host.Policies().DeleteAsync(Actors.Security, policyId),
        // The policies follow the group after the edit commits, in the reconciliation's transaction.
        Operation.GroupEdited => host.ResourceGroups().UpdateAsync(Actors.Security, group, new ResourceGroupInput("Tagged", null,
            new TagMatcher(MatchMode.All, [new(TagKey, TagOperator.Equal, "yes"), new("account", TagOperator.Equal, "security")]))),
        Operation.AccountLeftManagement => host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForAccount(SandboxId)]),
        Operation.ResourceExcluded => host.Detection().SetResourceExcludedAsync(Actors.ProdWeb, WebInstance, excluded: true),
        // "Full re-detection" reads whole accounts and replaces their aggregates with the sums of what it read.
        Operation.FullRedetection => host.Detection().RedetectAllAsync(Actors.Security, [SecurityId, ProdWebId]),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>Keeps only the bucket sub-policies: the ECS snapshot's applications are taken out and their resources re-scored.</summary>
    private static async Task EditAsync(CoreTestHost host, int policyId)
    {
        var detail = await host.Policies().GetAsync(Actors.Security, policyId);
        await host.Policies().UpdateAsync(Actors.Security, policyId,
            detail.Input with { SubPolicies = detail.Input.SubPolicies.Where(s => s.Kind != SubPolicyKind.EcsSnapshot).ToList() });
    }

    /// <summary>
    /// Until another backend of this database waits for the turn (pg_locks shows its request not granted), or the
    /// operation finished without waiting.
    /// </summary>
    private static async Task WaitUntilWaitingForTheTurnOrFinishedAsync(BdrcConsole.Core.Data.BdrcDbContext detection, Task running)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!running.IsCompleted)
        {
            var waiting = await detection.Database.SqlQueryRaw<int>(
                    """
                    SELECT count(*)::int AS "Value" FROM pg_locks
                    WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2 AND objid = {0}
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """, (int)WorkLock.IncrementalDetection)
                .SingleAsync();
            if (waiting > 0)
                return;
            Assert.True(DateTime.UtcNow < deadline, "The operation neither finished nor waited for detection's turn within a minute.");
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }
    }
}
