using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;

namespace BdrcConsole.Tests.Core.ResourceGroups;

public class ResourceGroupServiceTests
{
    /// <summary>
    /// Tag sets under a key ("tier") no demo resource carries, so matches are exactly these resources:
    /// acme-security's gold-1 (tier=gold, zone=a), gold-2 (tier=gold), silver (tier=silver, zone=a),
    /// tierless (zone=a) and tier-2 (tier2=gold, a longer key); acme-prod-web's web-gold (tier=gold);
    /// acme-dev-1's dev-gold (tier=gold), which acme-security never manages.
    /// </summary>
    private static async Task<CoreTestHost> StartWithTieredResourcesAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        await host.AddResourcesAsync(
            Bucket(SecurityId, "rg-gold-1", tags: [("tier", "gold"), ("zone", "a")]),
            Instance(SecurityId, "i-rggold200000000001", "rg-gold-2", tags: [("tier", "gold")]),
            Bucket(SecurityId, "rg-silver", tags: [("tier", "silver"), ("zone", "a")]),
            Bucket(SecurityId, "rg-tierless", tags: [("zone", "a")]),
            Bucket(SecurityId, "rg-tier-2", tags: [("tier2", "gold")]),
            Bucket(ProdWebId, "rg-web-gold", tags: [("tier", "gold")]),
            Bucket(Dev1Id, "rg-dev-gold", tags: [("tier", "gold"), ("zone", "a")]));
        return host;
    }

    private static TagMatcher All(params TagConditionInput[] conditions) => new(MatchMode.All, conditions);
    private static TagMatcher Any(params TagConditionInput[] conditions) => new(MatchMode.Any, conditions);
    private static TagConditionInput Equal(string key, string value) => new(key, TagOperator.Equal, value);
    private static TagConditionInput Exists(string key) => new(key, TagOperator.KeyExists);
    private static TagConditionInput NotEqual(string key, string value) => new(key, TagOperator.KeyExistsAndNotEqual, value);

    private static async Task<IReadOnlyList<string>> DetectedNamesAsync(CoreTestHost host, TagMatcher matcher)
    {
        var result = await host.ResourceGroups().DetectAsync(Actors.Security, matcher);
        return result.Resources.Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
    }

    private static ResourceGroupInput Group(string name, TagMatcher matcher, string? description = null) => new(name, description, matcher);

    private static async Task<string> GroupsFingerprintAsync(CoreTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        var groups = await db.ResourceGroups.AsNoTracking().Include(g => g.Conditions).OrderBy(g => g.Id).ToListAsync();
        return string.Join("\n", groups.Select(g =>
            $"{g.Id} {g.OwnerAccountId} {g.Name} {g.Description} {g.MatchMode} {g.UpdatedAt:O} " +
            string.Join(";", g.Conditions.OrderBy(c => c.Id).Select(c => $"{c.Key}|{c.Operator}|{c.Value}"))));
    }

    // ---- matcher semantics ----

    [Fact]
    public async Task Detect_Equal_MatchesExactValueOnlyInOwnAndManagedAccounts()
    {
        await using var host = await StartWithTieredResourcesAsync();

        var result = await host.ResourceGroups().DetectAsync(Actors.Security, All(Equal("tier", "gold")));

        Assert.Equal(["rg-gold-1", "rg-gold-2", "rg-web-gold"], result.Resources.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.AccountCount);
        Assert.Equal(3, result.ResourceCount);
        Assert.Equal([new AccountMatchCount(ProdWebId, "acme-prod-web", 1), new AccountMatchCount(SecurityId, "acme-security", 2)], result.PerAccount);
        var webGold = result.Resources.Single(r => r.Name == "rg-web-gold");
        Assert.Equal(new MatchedResource("rg-web-gold", "rg-web-gold", ProductType.Oss, ProdWebId, "acme-prod-web", "cn-hangzhou"), webGold);
    }

    [Fact]
    public async Task Detect_KeyExists_MatchesAnyValueButNotLongerKeys()
    {
        await using var host = await StartWithTieredResourcesAsync();

        Assert.Equal(["rg-gold-1", "rg-gold-2", "rg-silver", "rg-web-gold"], await DetectedNamesAsync(host, All(Exists("tier"))));
    }

    [Fact]
    public async Task Detect_KeyExistsAndNotEqual_MatchesOtherValuesButNotResourcesWithoutTheKey()
    {
        await using var host = await StartWithTieredResourcesAsync();

        Assert.Equal(["rg-silver"], await DetectedNamesAsync(host, All(NotEqual("tier", "gold"))));
    }

    [Fact]
    public async Task Detect_AllMode_RequiresEveryCondition()
    {
        await using var host = await StartWithTieredResourcesAsync();

        Assert.Equal(["rg-gold-1"], await DetectedNamesAsync(host, All(Equal("tier", "gold"), Exists("zone"))));
        Assert.Equal(["rg-silver"], await DetectedNamesAsync(host, All(Exists("zone"), NotEqual("tier", "gold"))));
    }

    [Fact]
    public async Task Detect_AnyMode_RequiresOneCondition()
    {
        await using var host = await StartWithTieredResourcesAsync();

        Assert.Equal(["rg-gold-1", "rg-silver", "rg-tier-2", "rg-tierless"], await DetectedNamesAsync(host, Any(Equal("zone", "a"), Equal("tier2", "gold"))));
        Assert.Equal(["rg-silver", "rg-tier-2"], await DetectedNamesAsync(host, Any(NotEqual("tier", "gold"), Exists("tier2"))));
    }

    [Fact]
    public async Task Detect_TagNobodyHas_MatchesNothing()
    {
        await using var host = await StartWithTieredResourcesAsync();

        var result = await host.ResourceGroups().DetectAsync(Actors.Security, All(Exists("no-such-key")));

        Assert.Equal((0, 0), (result.AccountCount, result.ResourceCount));
        Assert.Empty(result.PerAccount);
        Assert.Empty(result.Resources);
    }

    [Fact]
    public async Task Detect_Member_SeesOnlyItsOwnAccount()
    {
        await using var host = await StartWithTieredResourcesAsync();

        var result = await host.ResourceGroups().DetectAsync(Actors.Dev1, All(Equal("tier", "gold")));

        Assert.Equal(["rg-dev-gold"], result.Resources.Select(r => r.Name));
        Assert.Equal((1, 1), (result.AccountCount, result.ResourceCount));
    }

    [Fact]
    public async Task Detect_DemoImportantTag_CountsOwnAndManagedAccountsOnly()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        string[] visible = [SecurityId, ProdWebId, ProdDataId, PaymentsId];

        var result = await host.ResourceGroups().DetectAsync(Actors.Security, All(Equal("important", "true")));

        await using var db = await host.CreateDbContextAsync();
        var all = await db.Resources.AsNoTracking().ToListAsync();
        var important = all.Where(r => r.Tags.Contains(new ResourceTag("important", "true"))).ToList();
        Assert.Contains(important, r => !visible.Contains(r.AccountId));
        var expected = important.Where(r => visible.Contains(r.AccountId)).ToList();
        Assert.Equal(expected.Count, result.ResourceCount);
        Assert.Equal(expected.Select(r => r.AccountId).Distinct().Count(), result.AccountCount);
        Assert.All(result.PerAccount, a => Assert.Equal(expected.Count(r => r.AccountId == a.AccountId), a.ResourceCount));
        Assert.Equal(Math.Min(expected.Count, ResourceGroupService.DetectionListLimit), result.Resources.Count);
    }

    [Fact]
    public async Task Detect_AccountLeavesManagement_ItsResourcesStopMatching()
    {
        await using var host = await StartWithTieredResourcesAsync();
        var before = await host.ResourceGroups().DetectAsync(Actors.Security, All(Equal("tier", "gold")));

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForAccount(SandboxId)]);

        var after = await host.ResourceGroups().DetectAsync(Actors.Security, All(Equal("tier", "gold")));
        Assert.Equal((2, 3), (before.AccountCount, before.ResourceCount));
        Assert.Equal((1, 2), (after.AccountCount, after.ResourceCount));
        Assert.DoesNotContain(after.Resources, r => r.AccountId == ProdWebId);
    }

    [Fact]
    public async Task Detect_AdministratorManagesDev1_ItsResourcesStartMatching()
    {
        await using var host = await StartWithTieredResourcesAsync();

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId), TargetSelection.ForAccount(Dev1Id)]);

        Assert.Equal(["rg-dev-gold", "rg-gold-1", "rg-gold-2", "rg-web-gold"], await DetectedNamesAsync(host, All(Equal("tier", "gold"))));
    }

    [Fact]
    public async Task MatchingResourceIds_SavedGroup_ReturnsMatchesInTheAskedAccountsOnly()
    {
        await using var host = await StartWithTieredResourcesAsync();
        var id = await host.ResourceGroups().CreateAsync(Actors.Security, Group("Gold", All(Equal("tier", "gold"))));

        var own = await host.ResourceGroups().MatchingResourceIdsAsync(Actors.Security, id, [SecurityId]);
        var both = await host.ResourceGroups().MatchingResourceIdsAsync(Actors.Security, id, [SecurityId, ProdWebId]);

        Assert.Equal(["i-rggold200000000001", "rg-gold-1"], own.Order(StringComparer.Ordinal));
        Assert.Equal(["i-rggold200000000001", "rg-gold-1", "rg-web-gold"], both.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().MatchingResourceIdsAsync(Actors.Security, id, [Dev1Id]));
    }

    // ---- validation ----

    public static TheoryData<string, ResourceGroupInput> InvalidInputs => new()
    {
        { "no conditions", Group("G", All()) },
        { "11 conditions", Group("G", All(Enumerable.Range(1, 11).Select(i => Exists($"k{i}")).ToArray())) },
        { "empty key", Group("G", All(Exists("  "))) },
        { "missing value for Equal", Group("G", All(new TagConditionInput("env", TagOperator.Equal, null))) },
        { "blank value for Equal", Group("G", All(Equal("env", "  "))) },
        { "missing value for not equal", Group("G", All(new TagConditionInput("env", TagOperator.KeyExistsAndNotEqual))) },
        { "duplicate conditions", Group("G", All(Equal("env", "prod"), Equal(" env ", "prod "))) },
        { "duplicate key exists", Group("G", Any(Exists("env"), new TagConditionInput("env", TagOperator.KeyExists, "ignored"))) },
        { "key of 129 characters", Group("G", All(Exists(new string('k', 129)))) },
        { "value of 129 characters", Group("G", All(Equal("env", new string('v', 129)))) },
        { "empty name", Group("   ", All(Exists("env"))) },
        { "name of 65 characters", Group(new string('n', 65), All(Exists("env"))) },
        { "description of 257 characters", Group("G", All(Exists("env")), new string('d', 257)) },
        { "unknown operator", Group("G", All(new TagConditionInput("env", (TagOperator)42, "x"))) },
        { "unknown mode", Group("G", new TagMatcher((MatchMode)42, [Exists("env")])) },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Create_InvalidInput_IsValidationErrorAuditedAsInvalidAndWritesNothing(string because, ResourceGroupInput input)
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await GroupsFingerprintAsync(host);

        var refusal = await Assert.ThrowsAsync<ValidationException>(() => host.ResourceGroups().CreateAsync(Actors.Security, input));

        Assert.False(string.IsNullOrWhiteSpace(refusal.Message), because);
        Assert.Equal(before, await GroupsFingerprintAsync(host));
        var audit = await host.Audit.ListAsync(Actors.Security, new AuditQuery(Search: "Create Resource Group"));
        Assert.Equal((AuditOutcome.Invalid, refusal.Message), (Assert.Single(audit.Items).Outcome, audit.Items[0].Detail));
    }

    [Fact]
    public async Task Detect_InvalidMatcher_IsValidationError()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<ValidationException>(() => host.ResourceGroups().DetectAsync(Actors.Security, All()));
        await Assert.ThrowsAsync<ValidationException>(() => host.ResourceGroups().DetectAsync(Actors.Security, All(Equal("env", ""))));
    }

    [Fact]
    public async Task Create_TenConditionsAndLongestNameKeyAndValue_IsAccepted()
    {
        await using var host = await CoreTestHost.StartAsync();
        var conditions = Enumerable.Range(1, 9).Select(i => Exists($"k{i}")).Append(Equal(new string('k', 128), new string('v', 128))).ToArray();

        var id = await host.ResourceGroups().CreateAsync(Actors.Security, Group(new string('n', 64), Any(conditions)));

        var saved = await host.ResourceGroups().GetAsync(Actors.Security, id);
        Assert.Equal(10, saved.Matcher.Conditions.Count);
        Assert.Equal(64, saved.Name.Length);
    }

    [Fact]
    public async Task Create_NameOfExistingGroupInAnyCase_IsRuleViolationAndWritesNothing()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await GroupsFingerprintAsync(host);

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() =>
            host.ResourceGroups().CreateAsync(Actors.Security, Group(" important ", All(Exists("env")))));

        Assert.Contains("You already have a resource group named important", refusal.Message);
        Assert.Equal(before, await GroupsFingerprintAsync(host));
    }

    [Fact]
    public async Task Create_SameNameInAnotherAccount_IsAllowedAndGroupsStayIndependent()
    {
        await using var host = await CoreTestHost.StartAsync();

        var id = await host.ResourceGroups().CreateAsync(Actors.Dev1, Group("Important", All(Equal("env", "dev")), "dev's own"));

        var dev1Groups = await host.ResourceGroups().ListAsync(Actors.Dev1);
        var securityGroups = await host.ResourceGroups().ListAsync(Actors.Security);
        Assert.Equal([id], dev1Groups.Select(g => g.Id));
        Assert.Equal(["Important", "Security team"], securityGroups.Select(g => g.Name));
        Assert.Equal(All(Equal("important", "true")).Conditions, securityGroups[0].Matcher.Conditions);
        Assert.Equal(All(Equal("env", "dev")).Conditions, dev1Groups[0].Matcher.Conditions);
    }

    // ---- create, update, delete ----

    [Fact]
    public async Task Create_ValidGroup_SavesTrimmedInputAndIsListedAndAudited()
    {
        await using var host = await CoreTestHost.StartAsync();

        var id = await host.ResourceGroups().CreateAsync(Actors.Security, Group("  Gold tier  ", Any(Equal(" tier ", " gold "), Exists("vip"), NotEqual("env", "dev")), "  "));

        var saved = await host.ResourceGroups().GetAsync(Actors.Security, id);
        Assert.Equal("Gold tier", saved.Name);
        Assert.Null(saved.Description);
        Assert.Equal(MatchMode.Any, saved.Matcher.Mode);
        Assert.Equal([Equal("tier", "gold"), Exists("vip"), NotEqual("env", "dev")], saved.Matcher.Conditions);
        Assert.Equal(host.Clock.UtcNow, saved.UpdatedAt);
        Assert.Equal(["Gold tier", "Important", "Security team"], (await host.ResourceGroups().ListAsync(Actors.Security)).Select(g => g.Name));
        var audit = await host.Audit.ListAsync(Actors.Security, new AuditQuery(Search: "Create Resource Group"));
        var entry = Assert.Single(audit.Items);
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Contains("Gold tier", entry.Target);
    }

    [Fact]
    public async Task Update_OwnGroup_ReplacesNameModeAndConditionsAndIsAudited()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await host.ResourceGroups().CreateAsync(Actors.Security, Group("Gold", All(Equal("tier", "gold"), Exists("zone"))));
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        await host.ResourceGroups().UpdateAsync(Actors.Security, id, Group("Gold or silver", Any(Equal("tier", "gold"), Equal("tier", "silver")), "Both tiers"));

        var saved = await host.ResourceGroups().GetAsync(Actors.Security, id);
        Assert.Equal(new ResourceGroupRow(id, "Gold or silver", "Both tiers", saved.Matcher, host.Clock.UtcNow), saved);
        Assert.Equal(MatchMode.Any, saved.Matcher.Mode);
        Assert.Equal([Equal("tier", "gold"), Equal("tier", "silver")], saved.Matcher.Conditions);
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(2, await db.TagConditions.CountAsync(c => c.ResourceGroupId == id));
        var audit = await host.Audit.ListAsync(Actors.Security, new AuditQuery(Search: "Edit Resource Group"));
        Assert.Equal(AuditOutcome.Succeeded, Assert.Single(audit.Items).Outcome);
    }

    [Fact]
    public async Task Update_KeepingOwnName_IsAllowedButTakingAnotherGroupsNameIsNot()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await host.ResourceGroups().CreateAsync(Actors.Security, Group("Gold", All(Exists("tier"))));

        await host.ResourceGroups().UpdateAsync(Actors.Security, id, Group("GOLD", All(Exists("tier"))));
        var before = await GroupsFingerprintAsync(host);
        await Assert.ThrowsAsync<RuleViolationException>(() => host.ResourceGroups().UpdateAsync(Actors.Security, id, Group("Security Team", All(Exists("tier")))));
        await Assert.ThrowsAsync<ValidationException>(() => host.ResourceGroups().UpdateAsync(Actors.Security, id, Group("GOLD", All())));

        Assert.Equal(before, await GroupsFingerprintAsync(host));
        Assert.Equal("GOLD", (await host.ResourceGroups().GetAsync(Actors.Security, id)).Name);
    }

    [Fact]
    public async Task Delete_OwnGroup_RemovesItAndItsConditionsAndIsAudited()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await host.ResourceGroups().CreateAsync(Actors.Security, Group("Gold", All(Exists("tier"), Exists("zone"))));

        await host.ResourceGroups().DeleteAsync(Actors.Security, id);

        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().GetAsync(Actors.Security, id));
        Assert.DoesNotContain("Gold", (await host.ResourceGroups().ListAsync(Actors.Security)).Select(g => g.Name));
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(0, await db.TagConditions.CountAsync(c => c.ResourceGroupId == id));
        var audit = await host.Audit.ListAsync(Actors.Security, new AuditQuery(Search: "Delete Resource Group"));
        var entry = Assert.Single(audit.Items);
        Assert.Equal((AuditOutcome.Succeeded, id.ToString()), (entry.Outcome, entry.Target));
    }

    // ---- ownership ----

    [Fact]
    public async Task MemberAndAdministratorsGroup_CannotGetEditOrDelete()
    {
        await using var host = await StartWithTieredResourcesAsync();
        var important = (await host.ResourceGroups().ListAsync(Actors.Security)).Single(g => g.Name == "Important");
        var before = await GroupsFingerprintAsync(host);

        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().GetAsync(Actors.ProdWeb, important.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().UpdateAsync(Actors.ProdWeb, important.Id, Group("Mine now", All(Exists("env")))));
        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().DeleteAsync(Actors.ProdWeb, important.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().MatchingResourceIdsAsync(Actors.ProdWeb, important.Id, [ProdWebId]));

        Assert.Empty(await host.ResourceGroups().ListAsync(Actors.ProdWeb));
        Assert.Equal(before, await GroupsFingerprintAsync(host));
    }

    [Fact]
    public async Task AdministratorAndManagedMembersGroup_CannotGetEditOrDelete()
    {
        await using var host = await StartWithTieredResourcesAsync();
        var memberGroup = await host.ResourceGroups().CreateAsync(Actors.ProdWeb, Group("Web gold", All(Equal("tier", "gold"))));
        var before = await GroupsFingerprintAsync(host);

        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().GetAsync(Actors.Security, memberGroup));
        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().UpdateAsync(Actors.Security, memberGroup, Group("Taken", All(Exists("env")))));
        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().DeleteAsync(Actors.Security, memberGroup));
        await Assert.ThrowsAsync<NotFoundException>(() => host.ResourceGroups().MatchingResourceIdsAsync(Actors.Security, memberGroup, [ProdWebId]));

        Assert.DoesNotContain("Web gold", (await host.ResourceGroups().ListAsync(Actors.Security)).Select(g => g.Name));
        Assert.Equal(before, await GroupsFingerprintAsync(host));
        Assert.Equal(["rg-web-gold"], await host.ResourceGroups().MatchingResourceIdsAsync(Actors.ProdWeb, memberGroup, [ProdWebId]));
    }

    [Fact]
    public async Task List_SeededSecurityGroups_HaveTheDocumentedMatchers()
    {
        await using var host = await CoreTestHost.StartAsync();

        var groups = await host.ResourceGroups().ListAsync(Actors.Security);

        Assert.Equal(["Important", "Security team"], groups.Select(g => g.Name));
        Assert.Equal(All(Equal("important", "true")), groups[0].Matcher, new MatcherComparer());
        Assert.Equal(All(Equal("owner", "security")), groups[1].Matcher, new MatcherComparer());
    }

    [Fact]
    public async Task Detect_SeededSecurityTeamGroup_MatchesOnlyAcmeSecurityEvenWhenManagingOthers()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.EntireDirectory]);

        var team = await host.ResourceGroups().DetectAsync(Actors.Security, All(Equal("owner", "security")));
        var important = await host.ResourceGroups().DetectAsync(Actors.Security, All(Equal("important", "true")));

        Assert.Equal(SecurityId, Assert.Single(team.PerAccount).AccountId);
        Assert.True(important.AccountCount >= 3, $"important=true should match several accounts, matched {important.AccountCount}");
    }

    private sealed class MatcherComparer : IEqualityComparer<TagMatcher>
    {
        public bool Equals(TagMatcher? x, TagMatcher? y) => x!.Mode == y!.Mode && x.Conditions.SequenceEqual(y.Conditions);

        public int GetHashCode(TagMatcher obj) => obj.Mode.GetHashCode();
    }
}
