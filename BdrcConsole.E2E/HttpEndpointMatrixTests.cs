using System.Net;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.TrustedServices;
using BdrcConsole.E2E.Infrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.E2E;

/// <summary>
/// Every HTTP endpoint of the running app × anonymous and the four kinds of signed-in account. Console pages render
/// without prerendering, so their HTML is the shell only: an account's data travels over its own circuit, where
/// Core authorizes every call (AuthorizationMatrixTests). What HTTP must guarantee is that anonymous requests reach
/// nothing but the sign-in pages, that signed-in requests get the shell and never another account's data, and
/// that an endpoint nobody listed here fails this test.
/// </summary>
[Collection(HttpMatrixCollection.Name)]
public sealed class HttpEndpointMatrixTests(HttpMatrixFixture fixture)
{
    private enum Access
    {
        /// <summary>Anyone may open it (sign-in, error and not-found pages).</summary>
        Public,

        /// <summary>A console page: anonymous requests go to the sign-in page, signed-in ones get the shell.</summary>
        SignedIn,

        /// <summary>A form post checked by its own rules (antiforgery for sign-in; sign-out ends the caller's session).</summary>
        FormPost,

        /// <summary>A file download for signed-in users (anonymous ones go to sign-in); Core authorizes its filters (ReportEndpointTests).</summary>
        Download,

        /// <summary>A health probe for a proxy or orchestrator: anonymous, "Healthy" with 200, and no account's data.</summary>
        Probe,
    }

    /// <summary>The app's endpoints by route pattern, with a concrete path to request for each.</summary>
    private static readonly Dictionary<string, (string Path, Access Access)> Matrix = new()
    {
        ["/login"] = ("/login", Access.Public),
        ["/error"] = ("/error", Access.Public),
        ["/not-found"] = ("/not-found", Access.Public),
        ["/"] = ("/", Access.SignedIn),
        ["/no-access"] = ("/no-access", Access.SignedIn),
        ["/overview"] = ("/overview", Access.SignedIn),
        ["/overview/panorama"] = ("/overview/panorama", Access.SignedIn),
        ["/risk-detection"] = ("/risk-detection", Access.SignedIn),
        ["/protection-policies"] = ("/protection-policies", Access.SignedIn),
        ["/protection-policies/create"] = ("/protection-policies/create", Access.SignedIn),
        ["/protection-policies/{PolicyId:int}"] = ("/protection-policies/1", Access.SignedIn),
        ["/protection-policies/{PolicyId:int}/edit"] = ("/protection-policies/1/edit", Access.SignedIn),
        ["/messages"] = ("/messages", Access.SignedIn),
        ["/resource-center"] = ("/resource-center", Access.SignedIn),
        ["/resource-center/{ProductSlug}"] = ("/resource-center/oss", Access.SignedIn),
        ["/resource-center/resources/{ResourceId}"] = ("/resource-center/resources/does-not-matter", Access.SignedIn),
        ["/resource-center/high-availability"] = ("/resource-center/high-availability", Access.SignedIn),
        ["/resource-center/resource-groups"] = ("/resource-center/resource-groups", Access.SignedIn),
        ["/resource-directory"] = ("/resource-directory", Access.SignedIn),
        ["/trusted-services"] = ("/trusted-services", Access.SignedIn),
        ["/trusted-services/bdrc"] = ("/trusted-services/bdrc", Access.SignedIn),
        ["/cross-account"] = ("/cross-account", Access.SignedIn),
        ["/cross-account/account-management"] = ("/cross-account/account-management", Access.SignedIn),
        ["/audit-log"] = ("/audit-log", Access.SignedIn),
        ["/account/login"] = ("/account/login", Access.FormPost),
        ["/account/logout"] = ("/account/logout", Access.FormPost),
        ["/reports/protection.pdf"] = ("/reports/protection.pdf", Access.Download),
        ["/healthz"] = ("/healthz", Access.Probe),
        ["/readyz"] = ("/readyz", Access.Probe),
    };

    /// <summary>The signed-in roles: management account, delegated administrator, managed member, unmanaged member.</summary>
    public static TheoryData<string> Users => new() { "management@acme.test", "security@acme.test", "web@acme.test", "dev1@acme.test" };

    [Fact]
    public void Matrix_ListsEveryEndpointOfTheApp()
    {
        var routes = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Raw: e.RoutePattern.RawText ?? "", Named: e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null))
            .Select(e => e with { Raw = e.Raw.StartsWith('/') ? e.Raw : "/" + e.Raw })
            // Blazor's own plumbing and the fingerprinted static files are the framework's, not the console's; a file the
            // console generates (the report PDF) is a named endpoint.
            .Where(e => !e.Raw.StartsWith("/_") && (e.Named || !e.Raw.Contains('.')) && !e.Raw.Contains(":file}"))
            .Select(e => e.Raw)
            .ToHashSet();

        Assert.Empty(routes.Except(Matrix.Keys));
        Assert.Empty(Matrix.Keys.Except(routes));
    }

    [Fact]
    public async Task Anonymous_ConsolePages_RedirectToSignInAndPublicPagesAnswer()
    {
        foreach (var (route, (path, access)) in Matrix)
        {
            using var client = new ConsoleHttpClient(fixture.App.BaseAddress);
            switch (access)
            {
                case Access.SignedIn or Access.Download:
                    var refused = await client.GetAsync(path);
                    Assert.True(refused.StatusCode == HttpStatusCode.Redirect, $"{route}: {refused.StatusCode}");
                    Assert.StartsWith("/login?", LocalPath(refused));
                    break;
                case Access.Public:
                    var answer = await client.GetAsync(path);
                    Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{route}: {answer.StatusCode}");
                    break;
                case Access.FormPost:
                    // Without the form's antiforgery token a sign-in post is refused; sign-out without a session just lands on sign-in.
                    var post = await client.PostAsync(path);
                    Assert.True(post.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Redirect, $"{route}: {post.StatusCode}");
                    if (post.StatusCode == HttpStatusCode.Redirect)
                        Assert.Equal("/login", LocalPath(post));
                    break;
                case Access.Probe:
                    var probe = await client.GetAsync(path);
                    Assert.True(probe.StatusCode == HttpStatusCode.OK, $"{route}: {probe.StatusCode}");
                    Assert.Equal("Healthy", await probe.Content.ReadAsStringAsync());
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task SignedIn_ConsolePages_AnswerTheShellWithoutAnyAccountsData(string email)
    {
        await fixture.EnsureOrganisationAsync();
        using var client = new ConsoleHttpClient(fixture.App.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostLoginAsync(email, BrowserTest.DemoPassword)).StatusCode);

        foreach (var (route, (path, access)) in Matrix.Where(m => m.Value.Access is Access.Public or Access.SignedIn))
        {
            var answer = await client.GetAsync(path);
            Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{route} as {email}: {answer.StatusCode}");
            var html = await answer.Content.ReadAsStringAsync();
            // The shell names no account: names and ids arrive over the circuit, after Core authorized them.
            foreach (var (id, name, _, _) in DemoOrganisation.Accounts)
            {
                Assert.DoesNotContain(id, html);
                Assert.DoesNotContain(name, html);
            }
        }
    }

    private static string LocalPath(HttpResponseMessage answer) =>
        answer.Headers.Location!.IsAbsoluteUri ? answer.Headers.Location.PathAndQuery : answer.Headers.Location.OriginalString;
}

/// <summary>The HTTP matrix's own app: acme-security is the delegated administrator and manages Root/Production.</summary>
public sealed class HttpMatrixFixture : ConsoleFixture
{
    private readonly SemaphoreSlim setup = new(1, 1);
    private bool organised;

    public async Task EnsureOrganisationAsync()
    {
        await setup.WaitAsync();
        try
        {
            if (organised)
                return;
            await DemoSetup.SecurityManagesProductionFolderAsync(App.Services);
            organised = true;
        }
        finally
        {
            setup.Release();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HttpMatrixCollection : ICollectionFixture<HttpMatrixFixture>
{
    public const string Name = "BdrcConsole app for the HTTP matrix";
}
