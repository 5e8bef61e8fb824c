using System.Text.RegularExpressions;
using BdrcConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>Browser contexts on the instances of a deployment (<see cref="ConsoleProcess"/>), each with its own cookies; disposed with the test.</summary>
public sealed class InstanceSessions(IBrowser browser) : IAsyncDisposable
{
    public const string DemoPassword = "Demo@12345";

    private readonly List<IBrowserContext> contexts = [];

    /// <summary>A new context whose relative URLs go to this instance.</summary>
    public async Task<IBrowserContext> NewContextAsync(ConsoleProcess instance)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = instance.BaseAddress });
        context.SetDefaultTimeout(30_000);
        contexts.Add(context);
        return context;
    }

    /// <summary>A page on this instance, signed in as a demo user and showing the console.</summary>
    public async Task<IPage> SignInAsync(ConsoleProcess instance, string email)
    {
        var page = await (await NewContextAsync(instance)).NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(email, DemoPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/overview$"));
        await new ConsoleShell(page).WaitUntilInteractiveAsync();
        return page;
    }

    /// <summary>Fails when the instances logged anything at Error or above after the given counts (taken when the test began).</summary>
    public static void AssertNoServerErrors(params (ConsoleProcess Instance, int ErrorsBefore)[] instances)
    {
        var errors = instances.SelectMany(i => i.Instance.Errors.Skip(i.ErrorsBefore)).ToList();
        Assert.True(errors.Count == 0, $"An instance logged {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in contexts)
            await context.DisposeAsync();
    }
}
