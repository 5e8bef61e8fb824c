using BdrcConsole.Core.Features.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace BdrcConsole.Security;

/// <summary>The signed-in user as a Core <see cref="Actor"/>, for the components of one circuit.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication)
{
    public async Task<Actor> GetAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var accountId = user.FindFirst(BdrcClaims.AccountId)?.Value;
        if (user.Identity?.IsAuthenticated != true || user.Identity.Name is null || accountId is null)
            throw new InvalidOperationException("No signed-in user in this circuit.");
        return new Actor(user.Identity.Name, accountId);
    }
}
