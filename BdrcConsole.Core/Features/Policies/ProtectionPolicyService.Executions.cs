using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>The execution side of the Protection Policy Center: history and Run now.</summary>
public sealed partial class ProtectionPolicyService
{
    public Task<PagedResult<ExecutionRow>> ListExecutionsAsync(Actor actor, int policyId, int page = 0, int pageSize = 20, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Run now: starts an execution of every scheduled sub-policy; returns the execution ids (the worker runs them).</summary>
    public Task<IReadOnlyList<long>> RunNowAsync(Actor actor, int policyId, CancellationToken ct = default) => throw new NotImplementedException();
}
