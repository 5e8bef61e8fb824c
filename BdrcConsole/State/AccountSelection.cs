using BdrcConsole.Core.Features.Access;

namespace BdrcConsole.State;

/// <summary>Whether a page shows several accounts aggregated or exactly one (docs/rules.md §5).</summary>
public enum AccountViewMode
{
    Multi,
    Single,
}

/// <summary>
/// The accounts selected in the account switcher, shared by every page of one browser session
/// (one circuit). Ordered by selection; never empty once initialised; holds only accounts the
/// signed-in account may see.
/// </summary>
public sealed class AccountSelection
{
    private readonly List<string> selectedIds = [];
    private IReadOnlyList<VisibleAccount> available = [];

    /// <summary>Raised after the selection or the available accounts change.</summary>
    public event Action? Changed;

    public string? OwnAccountId { get; private set; }

    /// <summary>
    /// How the page on screen uses the selection: Multi, Single, or null for pages without account
    /// switching (Trusted Services, Cross-account Management, ...).
    /// </summary>
    public AccountViewMode? PageMode { get; private set; }
    public IReadOnlyList<VisibleAccount> AvailableAccounts => available;
    public IReadOnlyList<string> SelectedAccountIds => selectedIds;
    public bool IsInitialized => OwnAccountId is not null;

    /// <summary>The first selected account: what a single-account page shows.</summary>
    public string FirstSelectedAccountId =>
        selectedIds.Count > 0 ? selectedIds[0] : OwnAccountId ?? throw new InvalidOperationException("The account selection is not initialised.");

    /// <summary>The accounts a page of the given mode shows.</summary>
    public IReadOnlyList<string> AccountsFor(AccountViewMode mode) =>
        mode == AccountViewMode.Single ? [FirstSelectedAccountId] : selectedIds.ToList();

    /// <summary>
    /// Sets (or refreshes) the accounts the signed-in account may see. Selected accounts that are no
    /// longer visible, such as accounts that left management, are dropped; an empty selection falls
    /// back to the own account.
    /// </summary>
    public void SetAvailableAccounts(string ownAccountId, IReadOnlyList<VisibleAccount> visibleAccounts)
    {
        OwnAccountId = ownAccountId;
        available = visibleAccounts;
        selectedIds.RemoveAll(id => visibleAccounts.All(a => a.AccountId != id));
        if (selectedIds.Count == 0)
            selectedIds.Add(ownAccountId);
        Changed?.Invoke();
    }

    /// <summary>Replaces the selection, keeping the given order; unknown ids are ignored, nothing selected means the own account.</summary>
    public void Select(IEnumerable<string> accountIds)
    {
        EnsureInitialized();
        var next = accountIds.Distinct().Where(id => available.Any(a => a.AccountId == id)).ToList();
        if (next.Count == 0)
            next.Add(OwnAccountId!);
        if (next.SequenceEqual(selectedIds))
            return;
        selectedIds.Clear();
        selectedIds.AddRange(next);
        Changed?.Invoke();
    }

    /// <summary>Adds an account at the end of the selection, or removes it if it is selected.</summary>
    public void Toggle(string accountId)
    {
        EnsureInitialized();
        Select(selectedIds.Contains(accountId) ? selectedIds.Where(id => id != accountId) : selectedIds.Append(accountId));
    }

    /// <summary>Makes one account the only selection (switching to a single account).</summary>
    public void SwitchTo(string accountId) => Select([accountId]);

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

    public string DisplayNameOf(string accountId) => available.FirstOrDefault(a => a.AccountId == accountId)?.DisplayName ?? accountId;

    private void EnsureInitialized()
    {
        if (!IsInitialized)
            throw new InvalidOperationException("The account selection is not initialised.");
    }
}
