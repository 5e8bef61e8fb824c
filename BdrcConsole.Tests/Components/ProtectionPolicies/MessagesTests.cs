using BdrcConsole.Components.Layout;
using BdrcConsole.Components.Pages.Messages;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.ProtectionPolicies;

/// <summary>The bell's unread count and the Messages page: marking read updates the bell without a reload.</summary>
public class MessagesTests : BdrcBunitContext
{
    private static PolicyMessage Message(string recipient, MessageType type, bool read = false, int minute = 0) => new()
    {
        RecipientAccountId = recipient,
        Level = type == MessageType.ExecutionSucceeded ? MessageLevel.Info : MessageLevel.Error,
        Type = type,
        PolicyId = null,
        PolicyName = "Nightly backup",
        AccountIds = ProdWebId,
        ResourceCount = 1,
        ResourceIds = "i-prod-web-1",
        Outcome = "1 of 1 resources backed up.",
        CreatedAt = TestTimeProvider.DefaultStart.AddMinutes(minute),
        Read = read,
    };

    private async Task AddAsync(params PolicyMessage[] messages)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync();
        db.PolicyMessages.AddRange(messages);
        await db.SaveChangesAsync();
    }

    private IRenderedComponent<ContainerFragment> RenderBellAndPage() => Render(builder =>
    {
        builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudBlazor.MudSnackbarProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MessagesBell>(2);
        builder.CloseComponent();
        builder.OpenComponent<MessagesPage>(3);
        builder.CloseComponent();
    });

    private static string BellLabel(IRenderedComponent<ContainerFragment> rendered) =>
        rendered.Find("[data-testid=messages-bell]").GetAttribute("aria-label")!;

    [Fact]
    public async Task Bell_MessagesArriveForTheActingAccount_CountsOnlyItsUnreadOnes()
    {
        await AddAsync(
            Message(SecurityId, MessageType.ExecutionSucceeded, minute: 1),
            Message(SecurityId, MessageType.ExecutionFailed, minute: 2),
            Message(SecurityId, MessageType.ExecutionSucceeded, read: true, minute: 3),
            Message(ProdWebId, MessageType.ExecutionSucceeded, minute: 4));
        await SignInAsync(Actors.Security);

        var bell = Render<MessagesBell>();
        bell.WaitForAssertion(() => Assert.Equal("Messages, 2 unread", bell.Find("[data-testid=messages-bell]").GetAttribute("aria-label")));
        Assert.Equal("2", bell.Find(".mud-badge").TextContent.Trim());

        await AddAsync(Message(SecurityId, MessageType.ApplicationFailed, minute: 5));
        Services.GetRequiredService<PolicyChangeFeed>().PublishMessages(ProdWebId);
        Services.GetRequiredService<PolicyChangeFeed>().PublishMessages(SecurityId);

        bell.WaitForAssertion(() => Assert.Equal("Messages, 3 unread", bell.Find("[data-testid=messages-bell]").GetAttribute("aria-label")));
    }

    [Fact]
    public async Task MarkRead_OneMessageThenAll_BellUpdatesAtOnce()
    {
        await AddAsync(
            Message(SecurityId, MessageType.ExecutionSucceeded, minute: 1),
            Message(SecurityId, MessageType.ExecutionFailed, minute: 2));
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);

        var rendered = RenderBellAndPage();
        rendered.WaitForAssertion(() => Assert.Equal(2, rendered.FindAll("tbody tr").Count));
        Assert.Equal("Messages, 2 unread", BellLabel(rendered));
        var newest = rendered.FindAll("tbody tr")[0];
        Assert.Contains("Execution failed", newest.TextContent);
        Assert.Contains("acme-prod-web", newest.QuerySelector("td[data-label=Accounts]")!.TextContent);
        Assert.Equal("/resource-center/resources/i-prod-web-1", newest.QuerySelector("td[data-label=Resources] a")!.GetAttribute("href"));

        newest.QuerySelector("td[data-label=State] button")!.Click();

        rendered.WaitForAssertion(() => Assert.Equal("Messages, 1 unread", BellLabel(rendered)));
        rendered.WaitForAssertion(() => Assert.Equal("Read", rendered.FindAll("tbody tr")[0].QuerySelector("td[data-label=State]")!.TextContent.Trim()));

        ButtonWithText(rendered, "Mark all read").Click();

        rendered.WaitForAssertion(() => Assert.Equal("Messages, none unread", BellLabel(rendered)));
        rendered.WaitForAssertion(() => Assert.All(rendered.FindAll("tbody tr"), row => Assert.Equal("Read", row.QuerySelector("td[data-label=State]")!.TextContent.Trim())));
    }
}
