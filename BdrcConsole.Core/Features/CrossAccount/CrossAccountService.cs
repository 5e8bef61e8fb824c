using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.CrossAccount;

/// <summary>
/// BDRC cross-account management for the delegated administrator: enabling it, choosing what to
/// manage (accounts, folders, the entire directory) and removing accounts from management.
/// </summary>
public sealed class CrossAccountService(
    IDbContextFactory<BdrcDbContext> dbFactory,
    AuditedOperations audited,
    ManagedSetReconciler reconciler,
    TimeProvider time)
{
    public const string SetAdministratorStep =
        "Sign in with the management account, choose Resource Directory > Trusted Services, click Manage for BDRC, " +
        "and in the Delegated Administrator Account section click Add, select the member account and click OK.";

    /// <summary>Any signed-in account may run the check: it is how a would-be administrator learns what is missing.</summary>
    public async Task<PrerequisiteCheck> CheckPrerequisitesAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CheckPrerequisitesAsync(db, actor, ct);
    }

    private static async Task<PrerequisiteCheck> CheckPrerequisitesAsync(BdrcDbContext db, Actor actor, CancellationToken ct)
    {
        var account = await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var directoryEnabled = await db.ResourceDirectories.AnyAsync(ct) && account.FolderId is not null;
        var administratorId = await AccessRules.FindBdrcDelegatedAdministratorAsync(db, ct);
        var administratorName = administratorId is null ? null
            : await db.Accounts.Where(a => a.Id == administratorId).Select(a => a.DisplayName).SingleAsync(ct);
        // With more than one administrator allowed, any of them passes; the fix step names the first.
        var isAdministrator = await AccessRules.IsBdrcDelegatedAdministratorAsync(db, actor.AccountId, ct);
        return new PrerequisiteCheck(
        [
            new("Resource Directory is enabled and your account belongs to it", directoryEnabled,
                "Enable Resource Directory with the management account, then create member accounts or invite existing accounts on the Resource Directory page."),
            new("A BDRC delegated administrator is set", administratorId is not null, SetAdministratorStep),
            new("You are signed in with the BDRC delegated administrator account", isAdministrator,
                administratorName is null
                    ? "Once a delegated administrator is set, sign in with that account."
                    : $"Sign in with the delegated administrator account, {administratorName} ({administratorId})."),
        ]);
    }

    public async Task<CrossAccountStatus> GetStatusAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var isAdministrator = await AccessRules.IsBdrcDelegatedAdministratorAsync(db, actor.AccountId, ct);
        var settings = await db.CrossAccountSettings.AsNoTracking().SingleOrDefaultAsync(s => s.AdministratorAccountId == actor.AccountId, ct);
        var managed = await db.ManagedAccounts.CountAsync(m => m.AdministratorAccountId == actor.AccountId, ct);
        return new CrossAccountStatus(isAdministrator, isAdministrator && settings is not null, settings?.EnabledAt, managed);
    }

    public Task EnableAsync(Actor actor, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Enable cross-account management", actor.AccountId, async db =>
        {
            var check = await CheckPrerequisitesAsync(db, actor, ct);
            if (!check.AllPassed)
                throw new RuleViolationException("The prerequisite check failed: " +
                    string.Join(" ", check.Failed.Select(f => $"{f.Name}: not met. {f.FixStep}")));
            if (await db.CrossAccountSettings.AnyAsync(s => s.AdministratorAccountId == actor.AccountId, ct))
                throw new RuleViolationException("Cross-account management is already enabled.");
            db.CrossAccountSettings.Add(new CrossAccountSettings { AdministratorAccountId = actor.AccountId, EnabledAt = time.GetUtcNow() });
        }, ct);

    /// <summary>The cross-account management list: every managed account and how it is managed.</summary>
    public async Task<IReadOnlyList<ManagedAccountRow>> ListManagedAccountsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireCrossAccountEnabledAsync(db, actor, ct);
        var tree = await DirectoryTreeReader.ReadAsync(db, ct);
        var coverage = new TargetCoverage(tree, actor.AccountId);
        var targets = await db.ManagementTargets.AsNoTracking().Where(t => t.AdministratorAccountId == actor.AccountId).ToListAsync(ct);
        var managed = await db.ManagedAccounts.AsNoTracking()
            .Where(m => m.AdministratorAccountId == actor.AccountId)
            .Select(m => new
            {
                m.AccountId,
                m.ManagedSince,
                RoleCreatedAt = db.ServiceLinkedRoles
                    .Where(r => r.AccountId == m.AccountId && r.RoleName == ServiceLinkedRole.BdrcRoleName)
                    .Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefault(),
            })
            .ToListAsync(ct);

        return managed
            .Select(m => ToRow(tree.FindAccount(m.AccountId)!, coverage.TargetsCovering(m.AccountId, targets), coverage, m.ManagedSince, m.RoleCreatedAt))
            .OrderBy(r => r.FolderPath, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static ManagedAccountRow ToRow(AccountNode account, IReadOnlyList<ManagementTarget> covering, TargetCoverage coverage,
        DateTimeOffset managedSince, DateTimeOffset? roleCreatedAt)
    {
        var primary = covering[0];
        var via = primary.Kind switch
        {
            ManagementTargetKind.Account => ManagedVia.Directly,
            ManagementTargetKind.Folder => ManagedVia.Folder,
            _ => ManagedVia.ResourceDirectory,
        };
        var description = via switch
        {
            ManagedVia.Directly => "Managed directly",
            ManagedVia.Folder => $"Via folder {coverage.FolderPath(primary.TargetId!)}",
            _ => "Via the resource directory",
        };
        var blocking = covering.FirstOrDefault(t => t.Kind != ManagementTargetKind.Account);
        if (blocking is not null && via == ManagedVia.Directly)
            description += $" (also via {coverage.Describe(blocking)})";
        return new ManagedAccountRow(account.Id, account.DisplayName, account.FolderPath, via, description, managedSince, roleCreatedAt,
            blocking is null ? null : RemovalRefusal(account.DisplayName, coverage.Describe(blocking)));
    }

    private static string RemovalRefusal(string accountName, string target) =>
        $"{accountName} is managed through {target} and cannot be removed individually. " +
        $"Go to Account Management and remove {target} from the management configuration instead; " +
        "all member accounts it covers are then removed from management.";

    /// <summary>
    /// Who manages the acting account, or null when no administrator does. An account learns this about itself only:
    /// a managed member may know its manager, and nobody asks here about another account.
    /// </summary>
    public async Task<AccountManager?> GetManagerAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var administratorId = await db.ManagedAccounts.AsNoTracking()
            .Where(m => m.AccountId == actor.AccountId
                && db.DelegatedAdministrators.Any(d => d.ServiceName == TrustedServiceNames.Bdrc && d.AccountId == m.AdministratorAccountId))
            .OrderBy(m => m.ManagedSince)
            .Select(m => m.AdministratorAccountId)
            .FirstOrDefaultAsync(ct);
        if (administratorId is null)
            return null;
        var tree = await DirectoryTreeReader.ReadAsync(db, ct);
        var coverage = new TargetCoverage(tree, administratorId);
        var targets = await db.ManagementTargets.AsNoTracking().Where(t => t.AdministratorAccountId == administratorId).ToListAsync(ct);
        var primary = coverage.TargetsCovering(actor.AccountId, targets).FirstOrDefault();
        if (primary is null)
            return null;
        var (via, description) = primary.Kind switch
        {
            ManagementTargetKind.Account => (ManagedVia.Directly, "directly"),
            ManagementTargetKind.Folder => (ManagedVia.Folder, $"through {coverage.Describe(primary)}"),
            _ => (ManagedVia.ResourceDirectory, $"through {coverage.Describe(primary)}"),
        };
        var administratorName = tree.FindAccount(administratorId)?.DisplayName ?? administratorId;
        return new AccountManager(administratorId, administratorName, via, description);
    }

    public async Task<ManagementConfiguration> GetConfigurationAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireCrossAccountEnabledAsync(db, actor, ct);
        var tree = await DirectoryTreeReader.ReadAsync(db, ct);
        var targets = await db.ManagementTargets.AsNoTracking()
            .Where(t => t.AdministratorAccountId == actor.AccountId)
            .OrderBy(t => t.Id)
            .Select(t => new TargetSelection(t.Kind, t.TargetId))
            .ToListAsync(ct);
        return new ManagementConfiguration(tree, actor.AccountId, targets);
    }

    /// <summary>Replaces the management targets with the given selection (the "OK" of Account Management).</summary>
    public Task<TargetChangeSummary> SaveTargetsAsync(Actor actor, IReadOnlyCollection<TargetSelection> selections, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Save account management", DescribeSelections(selections), async db =>
        {
            await AccessRules.RequireCrossAccountEnabledAsync(db, actor, ct);
            var tree = await DirectoryTreeReader.ReadAsync(db, ct);
            ValidateSelections(selections, tree, actor.AccountId);

            var existing = await db.ManagementTargets.Where(t => t.AdministratorAccountId == actor.AccountId).ToListAsync(ct);
            var wanted = selections.Select(s => (s.Kind, TargetId: s.Kind == ManagementTargetKind.ResourceDirectory ? null : s.TargetId)).ToHashSet();
            db.ManagementTargets.RemoveRange(existing.Where(t => !wanted.Contains((t.Kind, t.TargetId))));
            var now = time.GetUtcNow();
            foreach (var (kind, targetId) in wanted.Where(w => !existing.Any(t => t.Kind == w.Kind && t.TargetId == w.TargetId)))
                db.ManagementTargets.Add(new ManagementTarget { AdministratorAccountId = actor.AccountId, Kind = kind, TargetId = targetId, AddedAt = now });

            var changes = await reconciler.ReconcileAsync(db, ct);
            var mine = changes.SingleOrDefault(c => c.AdministratorAccountId == actor.AccountId);
            string NameOf(string id) => tree.FindAccount(id)?.DisplayName ?? id;
            return new TargetChangeSummary(mine?.Added.Select(NameOf).ToList() ?? [], mine?.Removed.Select(NameOf).ToList() ?? []);
        }, ct, s => $"added {s.AddedAccountNames.Count}, removed {s.RemovedAccountNames.Count}");

    /// <summary>
    /// What saving the selection would change, without saving it: lets the page confirm before
    /// accounts leave management (their related data is cleared).
    /// </summary>
    public async Task<TargetChangeSummary> PreviewTargetsAsync(Actor actor, IReadOnlyCollection<TargetSelection> selections, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireCrossAccountEnabledAsync(db, actor, ct);
        var tree = await DirectoryTreeReader.ReadAsync(db, ct);
        ValidateSelections(selections, tree, actor.AccountId);
        var proposed = selections.Select(s => new ManagementTarget { AdministratorAccountId = actor.AccountId, Kind = s.Kind, TargetId = s.TargetId });
        var desired = new TargetCoverage(tree, actor.AccountId).CoveredAccountIds(proposed);
        var current = await db.ManagedAccounts.Where(m => m.AdministratorAccountId == actor.AccountId).Select(m => m.AccountId).ToListAsync(ct);
        string NameOf(string id) => tree.FindAccount(id)?.DisplayName ?? id;
        return new TargetChangeSummary(
            desired.Except(current).Select(NameOf).Order(StringComparer.OrdinalIgnoreCase).ToList(),
            current.Except(desired).Select(NameOf).Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static void ValidateSelections(IReadOnlyCollection<TargetSelection> selections, DirectoryTree tree, string administratorId)
    {
        foreach (var selection in selections)
        {
            switch (selection.Kind)
            {
                case ManagementTargetKind.ResourceDirectory:
                    break;
                case ManagementTargetKind.Folder when tree.FindFolder(selection.TargetId ?? "") is null:
                    throw new ValidationException($"Folder {selection.TargetId} does not exist.");
                case ManagementTargetKind.Account:
                    var account = tree.FindAccount(selection.TargetId ?? "")
                        ?? throw new ValidationException($"Account {selection.TargetId} is not in the resource directory.");
                    if (account.Type != AccountType.Member)
                        throw new ValidationException("The management account cannot be managed.");
                    if (account.Id == administratorId)
                        throw new ValidationException("The delegated administrator cannot manage itself.");
                    break;
                case ManagementTargetKind.Folder:
                    break;
                default:
                    throw new ValidationException($"Unknown target kind {selection.Kind}.");
            }
        }
    }

    private static string DescribeSelections(IReadOnlyCollection<TargetSelection> selections) =>
        selections.Count == 0 ? "(nothing selected)" : string.Join(", ", selections.Select(s => s.TargetId is null ? "resource directory" : $"{s.Kind.ToString().ToLowerInvariant()} {s.TargetId}"));

    /// <summary>Remove from Management: only for accounts managed directly; folder- or directory-managed ones are refused.</summary>
    public Task RemoveFromManagementAsync(Actor actor, string accountId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Remove from Management", accountId, async db =>
        {
            await AccessRules.RequireCrossAccountEnabledAsync(db, actor, ct);
            if (!await db.ManagedAccounts.AnyAsync(m => m.AdministratorAccountId == actor.AccountId && m.AccountId == accountId, ct))
                throw new NotFoundException($"Account {accountId} is not managed by your account.");
            var tree = await DirectoryTreeReader.ReadAsync(db, ct);
            var coverage = new TargetCoverage(tree, actor.AccountId);
            var targets = await db.ManagementTargets.Where(t => t.AdministratorAccountId == actor.AccountId).ToListAsync(ct);
            var covering = coverage.TargetsCovering(accountId, targets);
            var blocking = covering.FirstOrDefault(t => t.Kind != ManagementTargetKind.Account);
            if (blocking is not null)
                throw new RuleViolationException(RemovalRefusal(tree.FindAccount(accountId)?.DisplayName ?? accountId, coverage.Describe(blocking)));
            db.ManagementTargets.RemoveRange(covering);
            await reconciler.ReconcileAsync(db, ct);
        }, ct);
}
