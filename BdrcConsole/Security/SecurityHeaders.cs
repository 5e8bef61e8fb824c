using System.Security.Cryptography;

namespace BdrcConsole.Security;

/// <summary>
/// Response headers that every answer carries (pages, the Blazor endpoints and static files): a content security
/// policy that still lets Blazor Server and MudBlazor work, no MIME sniffing, no referrer to other sites, and HSTS
/// over HTTPS.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "BdrcConsole.CspNonce";

    /// <summary>The per-request nonce that lets the page's one inline script (Blazor's import map) run.</summary>
    public static string CspNonce(this HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("UseSecurityHeaders must run before the page renders.");

    /// <summary>The policy for one response. MudBlazor sets inline styles; Blazor's circuit is a same-origin WebSocket.</summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Status-code pages and the error handler run the pipeline again for the same response: one nonce and
            // one header per response, or the page would carry a nonce its header does not allow.
            if (context.Items.ContainsKey(NonceKey))
            {
                await next();
                return;
            }
            // Hex digits are valid nonce characters and need no escaping in the page's attribute (unlike Base64's '+').
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                if (context.Request.IsHttps)
                    headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                return Task.CompletedTask;
            });
            await next();
        });
}
