using System.Security.Claims;
using BdrcConsole.Core.Domain.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BdrcConsole.Security;

/// <summary>
/// Re-checks a circuit's user every few seconds against the database: once the user signed out (which renews the
/// security stamp), was locked out or no longer exists, the circuit's user becomes anonymous and the router sends
/// the browser to the sign-in page, so an open tab stops serving data soon after a sign-out elsewhere.
/// </summary>
public sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>How long an open circuit may keep serving data after its user's session ended.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // The circuit lives for hours; each check gets its own scope (and so its own DbContext).
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BdrcUser>>();
        return await IsSessionValidAsync(users, identityOptions.Value, authenticationState.User);
    }

    /// <summary>True while the principal's user exists, is not locked out and carries the user's current security stamp.</summary>
    public static async Task<bool> IsSessionValidAsync(UserManager<BdrcUser> users, IdentityOptions options, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user))
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var stamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
