using BdrcConsole.Core.Features.Access;

namespace BdrcConsole.Core.Features.Policies;

public sealed partial class ProtectionPolicyService
{
    /// <summary>
    /// The impact preview of an unsaved or edited policy: per sub-policy the accounts and resources it will touch,
    /// those already protected, those it cannot apply to and why; and the score of <paramref name="selectedAccountIds"/>.
    /// Invalid input is refused with <see cref="Domain.ValidationException"/> as on save.
    /// </summary>
    public Task<ImpactPreview> PreviewAsync(Actor actor, PolicyInput input, IReadOnlyCollection<string> selectedAccountIds, CancellationToken ct = default) =>
        throw new NotImplementedException();
}
