using System.Net;
using System.Text.RegularExpressions;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>Sessions that really end, sign-in that reveals nothing, and the headers every answer carries.</summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityTests(SecurityFixture fixture) : BrowserTest(fixture)
{
    private ConsoleHttpClient NewHttpClient() => new(Fixture.App.BaseAddress);

    [Fact]
    public Task SignOut_CopiedCookieReplayedAfterwards_IsRefused() => RunAsync(async () =>
    {
        using var user = NewHttpClient();
        var signIn = await user.PostLoginAsync("management@acme.test", DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var copied = user.Cookies.GetCookieHeader(new Uri(Fixture.App.BaseAddress));
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/overview")).StatusCode);

        await user.PostLogoutAsync();

        using var attacker = NewHttpClient();
        attacker.Cookies.SetCookies(new Uri(Fixture.App.BaseAddress), copied.Replace("; ", ","));
        var replay = await attacker.GetAsync("/overview");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/login", replay.Headers.Location!.OriginalString.Replace(Fixture.App.BaseAddress, ""));
    });

    [Fact]
    public Task SignOut_InOneTab_TheOtherTabStopsServingData() => RunAsync(async () =>
    {
        var first = await SignInAsAsync("security@acme.test");
        var second = await first.Context.NewPageAsync();
        var shell = new ConsoleShell(second);
        await shell.GotoAsync("/audit-log");
        await Expect(shell.MainHeading).ToHaveTextAsync("Audit Log");

        await first.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(first).ToHaveURLAsync(new Regex("/login"));

        // The circuit re-checks its user every 10 s; the product promises 30 s.
        await Expect(second).ToHaveURLAsync(new Regex("/login"), new() { Timeout = 30_000 });
        await Expect(second.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Sign in to BdrcConsole" })).ToBeVisibleAsync();
    });

    [Theory]
    [InlineData("/\u0001evil")]
    [InlineData("/\tevil")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    public async Task SignIn_ReturnUrlTheFrameworkRefuses_RedirectsHome(string returnUrl)
    {
        using var client = NewHttpClient();

        var answer = await client.PostLoginAsync("dev1@acme.test", DemoPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location!.OriginalString);
        Assert.Empty(Fixture.App.Errors.Since(0));
    }

    [Fact]
    public async Task SignIn_RepeatedFailures_AnswerTheSameForRealAndUnknownAddresses()
    {
        using var client = NewHttpClient();
        string ErrorOf(HttpResponseMessage answer) =>
            Regex.Match(answer.Headers.Location!.OriginalString, "error=([a-z]+)").Groups[1].Value;

        var answers = new List<(string Real, string Unknown)>();
        for (var attempt = 0; attempt < 7; attempt++)
        {
            var real = await client.PostLoginAsync("web@acme.test", "wrong-password");
            var unknown = await client.PostLoginAsync("nobody@acme.test", "wrong-password");
            answers.Add((ErrorOf(real), ErrorOf(unknown)));
        }

        Assert.All(answers, pair => Assert.Equal(pair.Unknown, pair.Real));
        // The real user is locked out by now: even the right password is refused, in the same words.
        var locked = await client.PostLoginAsync("web@acme.test", DemoPassword);
        Assert.Equal("invalid", ErrorOf(locked));
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/app.css")]
    public async Task Answers_CarryTheSecurityHeaders(string path)
    {
        using var client = NewHttpClient();

        var answer = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        AssertSecurityHeaders(answer);
    }

    [Fact]
    public async Task ConsolePage_SignedIn_CarriesTheSecurityHeaders()
    {
        using var client = NewHttpClient();
        await client.PostLoginAsync("dev1@acme.test", DemoPassword);

        var answer = await client.GetAsync("/overview");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        AssertSecurityHeaders(answer);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/no-such-page")]
    public async Task Page_ImportMapNonce_IsTheOneTheHeaderAllows(string path)
    {
        using var client = NewHttpClient();

        var answer = await client.GetAsync(path);

        // The status-code page runs the pipeline again for a 404: still one policy, with the page's own nonce.
        var policy = Assert.Single(answer.Headers.GetValues("Content-Security-Policy"));
        var allowed = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        var html = await answer.Content.ReadAsStringAsync();
        var used = Regex.Match(html, "<script[^>]*type=\"importmap\"[^>]*nonce=\"([^\"]+)\"|<script[^>]*nonce=\"([^\"]+)\"[^>]*type=\"importmap\"");
        Assert.True(used.Success, "the page has an import map with a nonce");
        Assert.Equal(allowed, WebUtility.HtmlDecode(used.Groups[1].Success ? used.Groups[1].Value : used.Groups[2].Value));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage answer)
    {
        var policy = string.Join(" ", answer.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", answer.Headers.GetValues("Referrer-Policy").Single());
        // Served over plain HTTP here: HSTS would be meaningless and is left out.
        Assert.False(answer.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public Task CreateFolder_PastedTextFarOverTheLimit_IsRefusedWithAMessageAndTheCircuitStays() => RunAsync(async () =>
    {
        var page = await SignInAsAsync("management@acme.test");
        var shell = new ConsoleShell(page);
        await shell.GotoAsync("/resource-directory");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Actions for folder Root", Exact = true }).ClickAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Menuitem, new() { Name = "Create folder" }).ClickAsync();
        var name = page.GetByRole(Microsoft.Playwright.AriaRole.Dialog).GetByLabel("Folder name");
        // A script (or a user with developer tools) can remove the field's maxlength: the server must still answer.
        await name.EvaluateAsync("input => input.removeAttribute('maxlength')");

        await name.FillAsync(new string('\u6587', 12_000));
        await page.GetByRole(Microsoft.Playwright.AriaRole.Dialog).GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "OK" }).ClickAsync();

        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Alert).Filter(new() { HasText = "Folder name" })).ToContainTextAsync("at most");
        // The circuit is still the same: the tree is there and its menus still answer.
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Actions for folder Root/Production", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Menuitem, new() { Name = "Create folder" })).ToBeVisibleAsync();
    });
}
