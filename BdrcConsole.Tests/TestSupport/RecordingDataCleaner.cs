using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.CrossAccount;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// Stands in for a data area's cleaner: records each (administrator, account) whose related data
/// was cleared, and can be told to refuse, to prove the clearing runs inside the change's transaction.
/// </summary>
public sealed class RecordingDataCleaner : IManagedAccountDataCleaner
{
    private readonly List<(string AdministratorAccountId, string AccountId)> cleared = [];

    public IReadOnlyList<(string AdministratorAccountId, string AccountId)> Cleared
    {
        get { lock (cleared) return cleared.ToList(); }
    }

    /// <summary>When set, clearing this account fails with a refusal after the change was saved in the transaction.</summary>
    public string? RefuseForAccountId { get; set; }

    public IReadOnlyList<string> ClearedAccountIds(string administratorAccountId) =>
        Cleared.Where(c => c.AdministratorAccountId == administratorAccountId).Select(c => c.AccountId).ToList();

    public Task ClearAsync(BdrcDbContext db, string administratorAccountId, string accountId, CancellationToken ct)
    {
        if (accountId == RefuseForAccountId)
            throw new RuleViolationException($"Related data of {accountId} could not be cleared.");
        lock (cleared) cleared.Add((administratorAccountId, accountId));
        return Task.CompletedTask;
    }
}
