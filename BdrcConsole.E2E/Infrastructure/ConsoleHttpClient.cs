using System.Net;
using System.Text.RegularExpressions;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// Plain HTTP against the running app, as a script or an attacker would send it: its own cookie jar, no redirects
/// followed (so a test sees each answer), and the sign-in form posted with its antiforgery token.
/// </summary>
public sealed partial class ConsoleHttpClient : IDisposable
{
    private readonly HttpClient client;

    public ConsoleHttpClient(string baseAddress)
    {
        Cookies = new CookieContainer();
        client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseAddress),
        };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(path);

    /// <summary>Posts the sign-in form (fetching the form first for its antiforgery token) and returns the answer.</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(string email, string password, string? returnUrl = null)
    {
        var form = await client.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["password"] = password,
        };
        if (returnUrl is not null)
            fields["returnUrl"] = returnUrl;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    public Task<HttpResponseMessage> PostLogoutAsync() => PostAsync("/account/logout");

    /// <summary>An empty form post, as a script that skipped the form would send.</summary>
    public Task<HttpResponseMessage> PostAsync(string path) => client.PostAsync(path, new FormUrlEncodedContent([]));

    public void Dispose() => client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
