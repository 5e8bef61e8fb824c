using BdrcConsole.Core.Features.Access;

namespace BdrcConsole.State;

/// <summary>Whether a page shows several accounts aggregated or exactly one (docs/rules.md §5).</summary>
public enum AccountViewMode
{
    Multi,
    Single,
}

/// <summary>How many of a folder's accounts are selected.</summary>
public enum FolderSelectionState
{
    None,
    Some,
    All,
}

/// <summary>
/// The accounts selected in the account switcher, shared by every page of one browser session
/// (one circuit). Ordered by selection; never empty once initialised; holds only accounts the
/// signed-in account may see. Bulk additions (select all, a folder) append in directory order.
/// </summary>
public sealed class AccountSelection
{
    private readonly List<string> selectedIds = [];
    private readonly HashSet<string> selectedSet = [];
    private IReadOnlyList<VisibleAccount> available = [];
    private Dictionary<string, VisibleAccount> availableById = [];
    private List<string> droppedAccounts = [];

    /// <summary>Raised after the selection or the available accounts change.</summary>
    public event Action? Changed;

    public string? OwnAccountId { get; private set; }

    /// <summary>
    /// How the page on screen uses the selection: Multi, Single, or null for pages without account
    /// switching (Trusted Services, Cross-account Management, ...).
    /// </summary>
    public AccountViewMode? PageMode { get; private set; }

    /// <summary>The accounts the switcher offers, the own account first, then in directory order.</summary>
    public IReadOnlyList<VisibleAccount> AvailableAccounts => available;

    /// <summary>The Resource Directory folders holding available accounts, parents before children.</summary>
    public IReadOnlyList<VisibleFolder> Folders { get; private set; } = [];

    public IReadOnlyList<string> SelectedAccountIds => selectedIds;
    public bool IsInitialized => OwnAccountId is not null;

    /// <summary>True when every available account is selected.</summary>
    public bool AllSelected => IsInitialized && selectedIds.Count == available.Count;

    /// <summary>
    /// Names (or ids, when the name is no longer known) of selected accounts that dropped out because they are no
    /// longer visible, such as accounts that left management; empty once <see cref="AcknowledgeDroppedAccounts"/> ran.
    /// </summary>
    public IReadOnlyList<string> DroppedAccounts => droppedAccounts;

    /// <summary>The first selected account: what a single-account page shows.</summary>
    public string FirstSelectedAccountId =>
        selectedIds.Count > 0 ? selectedIds[0] : OwnAccountId ?? throw new InvalidOperationException("The account selection is not initialised.");

    /// <summary>The accounts a page of the given mode shows.</summary>
    public IReadOnlyList<string> AccountsFor(AccountViewMode mode) =>
        mode == AccountViewMode.Single ? [FirstSelectedAccountId] : selectedIds.ToList();

    public bool IsSelected(string accountId) => selectedSet.Contains(accountId);

    /// <summary>
    /// Sets (or refreshes) the accounts the signed-in account may see. Selected accounts that are no
    /// longer visible, such as accounts that left management, are dropped (see <see cref="DroppedAccounts"/>);
    /// an empty selection falls back to the own account.
    /// </summary>
    public void SetAvailableAccounts(string ownAccountId, IReadOnlyList<VisibleAccount> visibleAccounts, IReadOnlyList<VisibleFolder>? folders = null)
    {
        OwnAccountId = ownAccountId;
        var previous = availableById;
        available = visibleAccounts;
        availableById = visibleAccounts.ToDictionary(a => a.AccountId);
        Folders = folders ?? [];
        var dropped = selectedIds.Where(id => !availableById.ContainsKey(id)).ToList();
        droppedAccounts.AddRange(dropped.Select(id => previous.TryGetValue(id, out var account) ? account.DisplayName : id));
        Replace(selectedIds.Where(availableById.ContainsKey).ToList());
        Changed?.Invoke();
    }

    /// <summary>Replaces the selection, keeping the given order; unknown ids are ignored, nothing selected means the own account.</summary>
    public void Select(IEnumerable<string> accountIds)
    {
        EnsureInitialized();
        if (Replace(accountIds))
            Changed?.Invoke();
    }

    /// <summary>
    /// Restores a stored selection. Ids no longer visible (accounts that left management meanwhile) are
    /// reported in <see cref="DroppedAccounts"/>.
    /// </summary>
    public void Restore(IReadOnlyList<string> accountIds)
    {
        EnsureInitialized();
        var dropped = accountIds.Where(id => !availableById.ContainsKey(id)).ToList();
        droppedAccounts.AddRange(dropped);
        // Raised for a notice even when the selection itself stays as it was.
        if (Replace(accountIds) || dropped.Count > 0)
            Changed?.Invoke();
    }

    /// <summary>Forgets <see cref="DroppedAccounts"/> once the user has been told.</summary>
    public void AcknowledgeDroppedAccounts() => droppedAccounts = [];

    /// <summary>Adds an account at the end of the selection, or removes it if it is selected.</summary>
    public void Toggle(string accountId)
    {
        EnsureInitialized();
        Select(selectedSet.Contains(accountId) ? selectedIds.Where(id => id != accountId) : selectedIds.Append(accountId));
    }

    /// <summary>Removes one account from the selection (the own account remains when nothing else is left).</summary>
    public void Remove(string accountId)
    {
        EnsureInitialized();
        if (selectedSet.Contains(accountId))
            Select(selectedIds.Where(id => id != accountId));
    }

    /// <summary>
    /// Appends the given accounts that are not selected yet, in the given order (directory order for
    /// select all and folders). Returns how many were added.
    /// </summary>
    public int Add(IEnumerable<string> accountIds)
    {
        EnsureInitialized();
        var added = accountIds.Where(id => availableById.ContainsKey(id) && !selectedSet.Contains(id)).Distinct().ToList();
        if (added.Count > 0)
            Select(selectedIds.Concat(added));
        return added.Count;
    }

    /// <summary>Removes the given accounts from the selection, keeping the order of the rest.</summary>
    public void Remove(IEnumerable<string> accountIds)
    {
        EnsureInitialized();
        var removed = accountIds.ToHashSet();
        Select(selectedIds.Where(id => !removed.Contains(id)));
    }

    /// <summary>Clears the selection back to the default: the own account.</summary>
    public void Clear() => Select([]);

    /// <summary>How many of the folder's accounts are selected.</summary>
    public FolderSelectionState StateOf(VisibleFolder folder)
    {
        var selected = folder.AccountIds.Count(selectedSet.Contains);
        return selected == 0 ? FolderSelectionState.None
            : selected == folder.AccountIds.Count ? FolderSelectionState.All
            : FolderSelectionState.Some;
    }

    /// <summary>Selects the folder's accounts that are not selected yet (in directory order), or removes them all when all are selected.</summary>
    public void ToggleFolder(VisibleFolder folder)
    {
        if (StateOf(folder) == FolderSelectionState.All)
            Remove(folder.AccountIds);
        else
            Add(folder.AccountIds);
    }

    /// <summary>
    /// Picking an account on a single-account page: it becomes the first selected account and the rest of the
    /// selection stays, so multi-account pages show the previous set with that account first (DESIGN §4).
    /// </summary>
    public void SwitchTo(string accountId)
    {
        EnsureInitialized();
        if (availableById.ContainsKey(accountId))
            Select(selectedIds.Where(id => id != accountId).Prepend(accountId));
    }

    /// <summary>
    /// Declares the current page's mode. Returns a handle that clears it when the page goes away,
    /// unless another page has declared its own mode in between.
    /// </summary>
    public IDisposable EnterPage(AccountViewMode mode)
    {
        var registration = new PageRegistration(this);
        currentPage = registration;
        PageMode = mode;
        Changed?.Invoke();
        return registration;
    }

    private PageRegistration? currentPage;

    private sealed class PageRegistration(AccountSelection owner) : IDisposable
    {
        public void Dispose()
        {
            if (owner.currentPage != this)
                return;
            owner.currentPage = null;
            owner.PageMode = null;
            owner.Changed?.Invoke();
        }
    }

    public string DisplayNameOf(string accountId) => availableById.TryGetValue(accountId, out var account) ? account.DisplayName : accountId;

    /// <summary>Sets the selection without raising <see cref="Changed"/>; returns whether it changed.</summary>
    private bool Replace(IEnumerable<string> accountIds)
    {
        var seen = new HashSet<string>();
        var next = accountIds.Where(id => availableById.ContainsKey(id) && seen.Add(id)).ToList();
        if (next.Count == 0)
            next.Add(OwnAccountId!);
        if (next.SequenceEqual(selectedIds))
            return false;
        selectedIds.Clear();
        selectedIds.AddRange(next);
        selectedSet.Clear();
        selectedSet.UnionWith(next);
        return true;
    }

    private void EnsureInitialized()
    {
        if (!IsInitialized)
            throw new InvalidOperationException("The account selection is not initialised.");
    }
}
