#pragma warning disable CS9113 // skeleton: the implementation reads them
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Protection Policy Center (docs/rules.md §10). Only a policy's owner sees or changes it, and only over the
/// accounts it may see: its own and the ones it manages.
/// </summary>
public sealed partial class ProtectionPolicyService(IDbContextFactory<BdrcDbContext> dbFactory, AuditedOperations audited, TimeProvider time)
{
    public const int PreviewListLimit = 50;

    /// <summary>The acting account's own policies, by name.</summary>
    public Task<IReadOnlyList<PolicyRow>> ListAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<PolicyDetail> GetAsync(Actor actor, int policyId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>
    /// The impact preview of an unsaved or edited policy: per sub-policy the accounts and resources it will touch,
    /// those already protected, those it cannot apply to and why; and the score of <paramref name="selectedAccountIds"/>.
    /// Invalid input is refused with <see cref="Domain.ValidationException"/> as on save.
    /// </summary>
    public Task<ImpactPreview> PreviewAsync(Actor actor, PolicyInput input, IReadOnlyCollection<string> selectedAccountIds, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Creates the policy and applies it (applications start Pending; the application worker completes them).</summary>
    public Task<int> CreateAsync(Actor actor, PolicyInput input, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Saves an edit of the copy whose token is <see cref="PolicyInput.Version"/>; a stale copy is refused ("modified by … at …; reload").</summary>
    public Task UpdateAsync(Actor actor, int policyId, PolicyInput input, CancellationToken ct = default) => throw new NotImplementedException();

    public Task SetPausedAsync(Actor actor, int policyId, bool paused, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<DeletionImpact> DescribeDeletionAsync(Actor actor, int policyId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Deletes the policy and takes out everything it added; the resources' own configuration stays.</summary>
    public Task DeleteAsync(Actor actor, int policyId, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<PagedResult<ApplicationRow>> ListApplicationsAsync(Actor actor, ApplicationQuery query, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Every source of a visible resource's protection: its own configuration and each succeeded application.</summary>
    public Task<IReadOnlyList<ProtectionSource>> GetProtectionSourcesAsync(Actor actor, string resourceId, CancellationToken ct = default) => throw new NotImplementedException();
}
