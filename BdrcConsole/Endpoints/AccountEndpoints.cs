using BdrcConsole.Core.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BdrcConsole.Endpoints;

/// <summary>Sign-in and sign-out: plain form posts, because a Blazor circuit cannot set cookies.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account");

        // Form binding validates the antiforgery token the sign-in form carries.
        account.MapPost("/login", async (
            [FromForm] string? email,
            [FromForm] string? password,
            [FromForm] string? returnUrl,
            SignInManager<BdrcUser> signIn) =>
        {
            var target = IsLocalUrl(returnUrl) ? returnUrl! : "/";
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
                return Results.Redirect(LoginUrl("missing", target, email));

            var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
                return Results.LocalRedirect(target);
            return Results.Redirect(LoginUrl(result.IsLockedOut ? "locked" : "invalid", target, email));
        });

        // The form lives in the interactive app bar, which has no antiforgery token without prerendering;
        // the sign-in cookie is SameSite=Lax, so a cross-site POST carries no cookie to sign out.
        account.MapPost("/logout", async (SignInManager<BdrcUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).DisableAntiforgery();

        return endpoints;
    }

    private static string LoginUrl(string error, string returnUrl, string? email) =>
        $"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}&email={Uri.EscapeDataString(email?.Trim() ?? "")}";

    private static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");
}
