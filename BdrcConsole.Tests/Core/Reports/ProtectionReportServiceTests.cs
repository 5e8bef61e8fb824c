using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.Reports;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.Reports;

/// <summary>
/// The report model takes its numbers from the same Core queries as the pages, for the same filters, and refuses
/// what the pages refuse: an account the actor may not see ("not found"), a resource group that is not its own.
/// </summary>
public class ProtectionReportServiceTests
{
    private static ProtectionReportService Reports(CoreTestHost host) => host.Services.GetRequiredService<ProtectionReportService>();

    private static async Task<int> ImportantGroupIdAsync(CoreTestHost host) =>
        (await host.ResourceGroups().ListAsync(Actors.Security)).Single(g => g.Name == "Important").Id;

    public static TheoryData<string[], bool> Filters => new()
    {
        { [SecurityId], false },
        { [SecurityId, ProdWebId, SandboxId], false },
        { [SecurityId, ProdWebId], true },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Build_SameFilters_NumbersEqualTheOverviewRiskDetectionAndHighAvailability(string[] accounts, bool important)
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        int? group = important ? await ImportantGroupIdAsync(host) : null;

        var report = await Reports(host).BuildAsync(Actors.Security, new ProtectionReportRequest(accounts, group));

        var dashboard = await host.Overview().GetDashboardAsync(Actors.Security, new OverviewQuery(accounts, group));
        Assert.NotNull(dashboard.Score);
        Assert.Equal(dashboard.Score, report.Dashboard.Score);
        Assert.Equal(dashboard.Stars, report.Dashboard.Stars);
        Assert.Equal(
            (dashboard.Resources, dashboard.ScoredResources, dashboard.RiskyResources, dashboard.CheckFailedResources, dashboard.ExcludedResources),
            (report.Dashboard.Resources, report.Dashboard.ScoredResources, report.Dashboard.RiskyResources, report.Dashboard.CheckFailedResources, report.Dashboard.ExcludedResources));
        Assert.Equal(dashboard.Products, report.Dashboard.Products);
        Assert.Equal(dashboard.Accounts, report.Dashboard.Accounts);
        Assert.Equal(dashboard.Distribution, report.Dashboard.Distribution);
        Assert.Equal(accounts, report.Cover.Accounts.Select(a => a.Id));

        var riskQuery = new RiskQuery(accounts) { ResourceGroupId = group };
        var counts = await host.Services.GetRequiredService<RiskDetectionService>().CountRisksAsync(Actors.Security, riskQuery);
        Assert.Equal(counts.Total, report.Risks.Total);
        Assert.Equal(counts.BySeverity, report.Risks.BySeverity);
        var top = await host.Services.GetRequiredService<RiskDetectionService>().ListRisksAsync(Actors.Security, riskQuery with { PageSize = ProtectionReport.TopRiskCount });
        Assert.Equal(top.Items, report.TopRisks);
        Assert.Equal(await host.Services.GetRequiredService<HighAvailabilityService>().SummarizeAsync(Actors.Security, accounts), report.HighAvailability);

        // The appendix lists every resource in scope, each with every check item of its product.
        Assert.Equal(dashboard.Tally.Resources, report.Appendix.TotalResources);
        Assert.Equal(report.Appendix.TotalResources, report.Appendix.Resources.Count);
        Assert.All(report.Appendix.Resources, r => Assert.Equal(CheckItems.For(r.Product).Select(i => i.RuleId), r.Items.Select(i => i.Item.RuleId)));
        Assert.Equal(dashboard.Tally.ExcludedResources, report.Appendix.Resources.Count(r => r.Excluded));
        Assert.Equal(important ? "Important" : "All resources", report.Cover.ResourceGroupText);
    }

    [Fact]
    public async Task Build_AppendixRow_EqualsTheResourceDetailsCheckResults()
    {
        await using var host = await CoreTestHost.StartAsync();

        var report = await Reports(host).BuildAsync(Actors.Security, new ProtectionReportRequest([SecurityId]));

        var row = report.Appendix.Resources.First(r => r.Items.Any(i => i.Status == CheckStatus.Failed));
        var detail = await host.Services.GetRequiredService<ResourceQueryService>().GetDetailAsync(Actors.Security, row.ResourceId);
        Assert.Equal(detail.Checks.Items, row.Items);
        Assert.Equal(detail.Checks.Score, row.Score);
    }

    [Fact]
    public async Task Build_MoreResourcesThanTheAppendixLimit_ListsTheLimitAndCountsTheRest()
    {
        await using var host = await CoreTestHost.StartAsync(o => o.Configuration["Bdrc:ReportAppendixLimit"] = "5");

        var report = await Reports(host).BuildAsync(Actors.Security, new ProtectionReportRequest([SecurityId]));

        Assert.Equal(5, report.Appendix.Resources.Count);
        Assert.Equal(report.Dashboard.Tally.Resources - 5, report.Appendix.NotListed);
        Assert.True(report.Appendix.NotListed > 0);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(ProtectionReportPdf.Render(report));
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains($"{report.Appendix.NotListed} more resources are in scope but not listed: the appendix lists the first 5", text);
    }

    [Fact]
    public async Task Build_AccountNotVisible_RefusedAsNotFound()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => Reports(host).BuildAsync(Actors.ProdWeb, new ProtectionReportRequest([SecurityId])));
        await Assert.ThrowsAsync<NotFoundException>(() => Reports(host).BuildAsync(Actors.Security, new ProtectionReportRequest([SecurityId, Dev1Id])));
    }

    [Fact]
    public async Task Build_AnotherAccountsResourceGroup_RefusedAsInvalid()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var important = await ImportantGroupIdAsync(host);

        var error = await Assert.ThrowsAsync<ValidationException>(() => Reports(host).BuildAsync(Actors.ProdWeb, new ProtectionReportRequest([ProdWebId], important)));

        Assert.Contains("not one of your account's resource groups", error.Message);
        await Assert.ThrowsAsync<ValidationException>(() => Reports(host).BuildAsync(Actors.Security, new ProtectionReportRequest([])));
    }

    [Fact]
    public async Task GeneratePdf_AllowedAndRefused_BothAudited()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var file = await Reports(host).GeneratePdfAsync(Actors.Security, new ProtectionReportRequest([SecurityId, ProdWebId, SandboxId]));
        await Assert.ThrowsAsync<NotFoundException>(() => Reports(host).GeneratePdfAsync(Actors.ProdWeb, new ProtectionReportRequest([SecurityId])));

        Assert.Equal($"bdrc-protection-report-acme-security+2-{TestTimeProvider.DefaultStart:yyyy-MM-dd}.pdf", file.FileName);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(file.Content, 0, 4));
        await using var db = await host.CreateDbContextAsync();
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action == ProtectionReportService.AuditAction).OrderBy(e => e.Id).ToListAsync();
        Assert.Collection(audit,
            e => Assert.Equal((AuditOutcome.Succeeded, "security@acme.test", $"account {SecurityId}, account {ProdWebId}, account {SandboxId}"), (e.Outcome, e.UserName, e.Target)),
            e => Assert.Equal((AuditOutcome.Refused, "web@acme.test"), (e.Outcome, e.UserName)));
        Assert.Contains(file.FileName, audit[0].Detail);
    }

    [Fact]
    public async Task Build_PolicyReachesSelection_CoverageCountsItsApplicationsInTheSelectedAccountsOnly()
    {
        await using var host = await PolicyTestData.StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var policyId = await host.Policies().CreateAsync(Actors.Security,
            new BdrcConsole.Core.Features.Policies.PolicyInput("Tagged buckets", null, [group], [PolicyTestData.Versioning(), PolicyTestData.OssBackup()]));

        var onlyWeb = await Reports(host).BuildAsync(Actors.Security, new ProtectionReportRequest([ProdWebId]));
        var both = await Reports(host).BuildAsync(Actors.Security, new ProtectionReportRequest([SecurityId, ProdWebId]));
        var member = await Reports(host).BuildAsync(Actors.ProdWeb, new ProtectionReportRequest([ProdWebId]));

        // The same numbers as the policy's Applications tab filtered to the selected accounts.
        async Task<(int, int, int)> ApplicationsAsync(params string[] accounts)
        {
            var rows = new List<BdrcConsole.Core.Features.Policies.ApplicationRow>();
            foreach (var account in accounts)
                rows.AddRange((await host.Policies().ListApplicationsAsync(Actors.Security,
                    new BdrcConsole.Core.Features.Policies.ApplicationQuery(policyId, AccountId: account, PageSize: 100))).Items);
            return (rows.Count, rows.Count(r => r.Status == BdrcConsole.Core.Domain.Policies.ApplicationStatus.Succeeded),
                rows.Count(r => r.Status == BdrcConsole.Core.Domain.Policies.ApplicationStatus.Failed));
        }
        var web = Assert.Single(onlyWeb.PolicyCoverage);
        Assert.Equal(await ApplicationsAsync(ProdWebId), (web.Coverage.Applied, web.Coverage.Succeeded, web.Coverage.Failed));
        Assert.Equal(1, web.Coverage.Accounts);
        var all = Assert.Single(both.PolicyCoverage);
        Assert.Equal(await ApplicationsAsync(SecurityId, ProdWebId), (all.Coverage.Applied, all.Coverage.Succeeded, all.Coverage.Failed));
        Assert.True(all.Coverage.Failed > 0, "The Archive bucket's Cloud Backup fails by the documented rule.");
        // A member's report never shows the administrator's policies.
        Assert.Empty(member.PolicyCoverage);

        var bytes = ProtectionReportPdf.Render(both);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "bdrc-report-policy-coverage.pdf"), bytes); // kept to look at (pdftoppm)
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Protection policy coverage", text);
        Assert.Contains("Tagged buckets", text);
    }
}
