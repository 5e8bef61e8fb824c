using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.Policies;

/// <summary>The bell and the Messages page: each account reads and marks only the messages addressed to it (docs/rules.md §10).</summary>
public class PolicyMessageServiceTests
{
    private static PolicyMessageService Messages(CoreTestHost host) => host.Services.GetRequiredService<PolicyMessageService>();

    private static PolicyMessage Message(string recipient, MessageLevel level = MessageLevel.Info, MessageType type = MessageType.ExecutionSucceeded,
        int? policyId = 1, string accounts = "", bool read = false, int minute = 0) => new()
    {
        RecipientAccountId = recipient,
        Level = level,
        Type = type,
        PolicyId = policyId,
        PolicyName = $"Policy {policyId}",
        AccountIds = accounts,
        ResourceCount = 2,
        ResourceIds = "i-1,i-2",
        Outcome = "2 of 2 resources backed up.",
        CreatedAt = TestTimeProvider.DefaultStart.AddMinutes(minute),
        Read = read,
    };

    private static async Task<List<PolicyMessage>> AddAsync(CoreTestHost host, params PolicyMessage[] messages)
    {
        await using var db = await host.CreateDbContextAsync();
        db.PolicyMessages.AddRange(messages);
        await db.SaveChangesAsync();
        return [.. messages];
    }

    [Fact]
    public async Task List_MessagesOfSeveralRecipients_EachAccountSeesOnlyItsOwnNewestFirst()
    {
        await using var host = await CoreTestHost.StartAsync();
        await AddAsync(host,
            Message(SecurityId, minute: 1, accounts: ProdWebId), Message(ProdWebId, minute: 2, accounts: ProdWebId), Message(SecurityId, minute: 3, accounts: SandboxId));

        var administrator = await Messages(host).ListAsync(Actors.Security, new MessageQuery());
        var member = await Messages(host).ListAsync(Actors.ProdWeb, new MessageQuery());
        var other = await Messages(host).ListAsync(Actors.Dev1, new MessageQuery());

        Assert.Equal(2, administrator.TotalCount);
        Assert.Equal([SandboxId, ProdWebId], administrator.Items.Select(m => m.AccountIds.Single()));
        Assert.Equal([ProdWebId], member.Items.Single().AccountIds);
        Assert.Equal(TestTimeProvider.DefaultStart.AddMinutes(2), member.Items.Single().CreatedAt);
        Assert.Empty(other.Items);
        Assert.Equal(0, other.TotalCount);
    }

    [Fact]
    public async Task List_Filters_NarrowByLevelTypeAccountPolicyAndUnread()
    {
        await using var host = await CoreTestHost.StartAsync();
        var m = await AddAsync(host,
            Message(SecurityId, MessageLevel.Error, MessageType.ExecutionFailed, policyId: 1, accounts: $"{ProdWebId},{SandboxId}", minute: 1),
            Message(SecurityId, MessageLevel.Warning, MessageType.ExecutionPartlyFailed, policyId: 2, accounts: ProdDataId, minute: 2, read: true),
            Message(SecurityId, MessageLevel.Info, MessageType.ExecutionSucceeded, policyId: 2, accounts: "15360000000002010", minute: 3));
        var service = Messages(host);

        async Task<IEnumerable<long>> Ids(MessageQuery query) => (await service.ListAsync(Actors.Security, query)).Items.Select(r => r.Id);

        Assert.Equal([m[0].Id], await Ids(new MessageQuery(Level: MessageLevel.Error)));
        Assert.Equal([m[1].Id], await Ids(new MessageQuery(Type: MessageType.ExecutionPartlyFailed)));
        Assert.Equal([m[2].Id, m[1].Id], await Ids(new MessageQuery(PolicyId: 2)));
        Assert.Equal([m[2].Id, m[0].Id], await Ids(new MessageQuery(UnreadOnly: true)));
        // A whole account id, not a prefix of a longer one.
        Assert.Equal([m[0].Id], await Ids(new MessageQuery(AccountId: ProdWebId)));
        Assert.Equal([m[0].Id], await Ids(new MessageQuery(AccountId: SandboxId)));
        Assert.Equal([m[2].Id], await Ids(new MessageQuery(PolicyId: 2, UnreadOnly: true)));
    }

    [Fact]
    public async Task List_Pages_TotalCountsEveryMatchAndPagesDoNotOverlap()
    {
        await using var host = await CoreTestHost.StartAsync();
        var added = await AddAsync(host, Enumerable.Range(0, 5).Select(i => Message(SecurityId, minute: i)).ToArray());

        var first = await Messages(host).ListAsync(Actors.Security, new MessageQuery(PageSize: 2));
        var third = await Messages(host).ListAsync(Actors.Security, new MessageQuery(Page: 2, PageSize: 2));

        Assert.Equal(5, first.TotalCount);
        Assert.Equal([added[4].Id, added[3].Id], first.Items.Select(i => i.Id));
        Assert.Equal([added[0].Id], third.Items.Select(i => i.Id));
        await Assert.ThrowsAsync<ValidationException>(() => Messages(host).ListAsync(Actors.Security, new MessageQuery(PageSize: 0)));
    }

    [Fact]
    public async Task CountUnread_AfterMarkRead_CountsOnlyOwnUnread()
    {
        await using var host = await CoreTestHost.StartAsync();
        var m = await AddAsync(host, Message(SecurityId), Message(SecurityId), Message(SecurityId, read: true), Message(ProdWebId));
        var service = Messages(host);
        Assert.Equal(2, await service.CountUnreadAsync(Actors.Security));
        Assert.Equal(1, await service.CountUnreadAsync(Actors.ProdWeb));

        await service.MarkReadAsync(Actors.Security, [m[0].Id]);

        Assert.Equal(1, await service.CountUnreadAsync(Actors.Security));
        var rows = (await service.ListAsync(Actors.Security, new MessageQuery())).Items;
        Assert.True(rows.Single(r => r.Id == m[0].Id).Read);
        Assert.False(rows.Single(r => r.Id == m[1].Id).Read);
    }

    [Fact]
    public async Task MarkRead_AnotherAccountsMessage_ChangesNothing()
    {
        await using var host = await CoreTestHost.StartAsync();
        var m = await AddAsync(host, Message(SecurityId), Message(ProdWebId));
        var service = Messages(host);

        // The member names the administrator's message, and the administrator the member's: neither changes.
        await service.MarkReadAsync(Actors.ProdWeb, [m[0].Id]);
        await service.MarkReadAsync(Actors.Security, [m[1].Id]);
        await service.MarkAllReadAsync(Actors.Dev1);

        await using var db = await host.CreateDbContextAsync();
        Assert.All(await db.PolicyMessages.AsNoTracking().ToListAsync(), message => Assert.False(message.Read));
        Assert.Equal(1, await service.CountUnreadAsync(Actors.Security));
        Assert.Equal(1, await service.CountUnreadAsync(Actors.ProdWeb));
    }

    [Fact]
    public async Task MarkAllRead_OwnMessages_AllReadAndOthersUntouched()
    {
        await using var host = await CoreTestHost.StartAsync();
        await AddAsync(host, Message(SecurityId), Message(SecurityId), Message(ProdWebId));

        await Messages(host).MarkAllReadAsync(Actors.Security);

        Assert.Equal(0, await Messages(host).CountUnreadAsync(Actors.Security));
        Assert.Equal(1, await Messages(host).CountUnreadAsync(Actors.ProdWeb));
    }

    [Fact]
    public async Task Operations_UnknownAccount_Refused()
    {
        await using var host = await CoreTestHost.StartAsync();
        var nobody = new Actor("nobody@acme.test", "1536000000009999");

        await Assert.ThrowsAsync<AccessDeniedException>(() => Messages(host).ListAsync(nobody, new MessageQuery()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Messages(host).CountUnreadAsync(nobody));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Messages(host).MarkReadAsync(nobody, [1]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Messages(host).MarkAllReadAsync(nobody));
    }

    [Fact]
    public async Task FirstPageAndUnreadCount_HundredThousandMessages_CountAndPageTheRecipientsOwn()
    {
        await using var host = await CoreTestHost.StartAsync();
        await using (var db = await host.CreateDbContextAsync())
        {
            // 100,000 messages over three recipients, most to the administrator; every seventh unread. Stored instants are
            // EF's binary form (time in the high bits, offset in the low 11): one second later is 2048 × 10,000 more.
            var createdAt = db.Model.FindEntityType(typeof(PolicyMessage))!.FindProperty(nameof(PolicyMessage.CreatedAt))!
                .GetTypeMapping().Converter!.ConvertToProvider(TestTimeProvider.DefaultStart);
            await db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO "PolicyMessages" ("RecipientAccountId", "Level", "Type", "PolicyId", "PolicyName", "AccountIds", "ResourceCount",
                    "ResourceIds", "Outcome", "CreatedAt", "Read")
                SELECT CASE i % 10 WHEN 0 THEN {0} WHEN 1 THEN {1} ELSE {2} END, 'Info', 'ExecutionSucceeded', i % 50, 'Policy', {1}, 3,
                    'i-1,i-2,i-3', '3 of 3 resources backed up.', {3} + CAST(i AS BIGINT) * 20480000, i % 7 <> 0
                FROM n
                """, ProdWebId, ProdDataId, SecurityId, createdAt!);
        }
        var service = Messages(host);
        var expectedUnread = Enumerable.Range(1, 100000).Count(i => i % 10 >= 2 && i % 7 == 0);
        Assert.Equal(expectedUnread, await service.CountUnreadAsync(Actors.Security));
        Assert.Equal(20, (await service.ListAsync(Actors.Security, new MessageQuery())).Items.Count);

        // The timing goal (≤ 50 ms each) is measured by the benchmark (README "Benchmarks"), not here.
        var unreadPage = await service.ListAsync(Actors.Security, new MessageQuery(UnreadOnly: true));
        Assert.Equal(expectedUnread, unreadPage.TotalCount);
        Assert.All(unreadPage.Items, m => Assert.False(m.Read));
    }
}
