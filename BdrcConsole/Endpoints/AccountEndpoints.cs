using BdrcConsole.Core.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;

namespace BdrcConsole.Endpoints;

/// <summary>Sign-in and sign-out: plain form posts, because a Blazor circuit cannot set cookies.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account");

        // Form binding validates the antiforgery token the sign-in form carries.
        account.MapPost("/login", async (
            HttpContext http,
            [FromForm] string? email,
            [FromForm] string? password,
            [FromForm] string? returnUrl,
            SignInManager<BdrcUser> signIn) =>
        {
            var target = IsLocalUrl(http, returnUrl) ? returnUrl! : "/";
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
                return Results.Redirect(LoginUrl("missing", target, email));

            var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
            var lockedBefore = user is not null && await signIn.UserManager.IsLockedOutAsync(user);
            var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
                return Results.LocalRedirect(target);
            if (result.IsLockedOut && !lockedBefore && user is not null)
            {
                // The lockout that begins now ends the user's other sessions too, as a sign-out does. Only when it
                // begins: renewing on every attempt would let anyone who knows the address sign the user out at will.
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }
            // One answer for a wrong password, an unknown address and a locked-out user: the page must not reveal
            // which addresses exist.
            return Results.Redirect(LoginUrl("invalid", target, email));
        });

        // The form lives in the interactive app bar, which has no antiforgery token without prerendering;
        // the sign-in cookie is SameSite=Lax, so a cross-site POST carries no cookie to sign out.
        account.MapPost("/logout", async (HttpContext http, SignInManager<BdrcUser> signIn) =>
        {
            // Renewing the security stamp invalidates every copy of the cookie and, within the revalidation
            // interval, the user's open circuits; deleting the cookie alone would leave copies working.
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).DisableAntiforgery();

        return endpoints;
    }

    private static string LoginUrl(string error, string returnUrl, string? email) =>
        $"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}&email={Uri.EscapeDataString(email?.Trim() ?? "")}";

    /// <summary>
    /// The framework's open-redirect guard (the one <see cref="Results.LocalRedirect"/> applies), so that anything it
    /// would refuse, such as a control character, goes to "/" instead of failing the request.
    /// </summary>
    private static bool IsLocalUrl(HttpContext http, string? url) =>
        !string.IsNullOrEmpty(url) && !url.StartsWith('~') &&
        new UrlHelper(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())).IsLocalUrl(url);
}
