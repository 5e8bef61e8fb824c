using System.Security.Claims;
using BdrcConsole.Core.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BdrcConsole.Security;

public static class BdrcClaims
{
    /// <summary>The account the signed-in user acts for.</summary>
    public const string AccountId = "bdrc:account";
}

/// <summary>Puts the user's account id into the sign-in cookie so every request knows the acting account.</summary>
public sealed class BdrcClaimsPrincipalFactory(UserManager<BdrcUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<BdrcUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(BdrcUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(BdrcClaims.AccountId, user.AccountId));
        return identity;
    }
}
