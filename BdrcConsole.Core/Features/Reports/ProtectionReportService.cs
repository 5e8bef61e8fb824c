using System.Globalization;
using System.Text;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Core.Features.RiskDetection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BdrcConsole.Core.Features.Reports;

/// <summary>
/// The data protection report (DESIGN.md §8): its model, built from the same Core queries as the Overview, Risk
/// Detection and High Availability pages for the same filters, and its PDF. The accounts must be visible to the actor
/// (else "not found"); the resource group must be one of the actor's own (else a validation error).
/// </summary>
public sealed class ProtectionReportService(
    IDbContextFactory<BdrcDbContext> dbFactory,
    OverviewService overview,
    RiskDetectionService riskDetection,
    HighAvailabilityService highAvailability,
    AuditedOperations audited,
    TimeProvider time,
    IOptions<BdrcOptions> options)
{
    public const string AuditAction = "Download Protection Report";
    /// <summary>How many resources excluded one by one the report names; the rest are counted.</summary>
    public const int ExcludedResourcesListed = 200;

    /// <summary>The report model for the filters: what the preview shows and the PDF prints.</summary>
    public async Task<ProtectionReport> BuildAsync(Actor actor, ProtectionReportRequest request, CancellationToken ct = default)
    {
        if (request.AccountIds.Count == 0)
            throw new ValidationException("Select at least one account.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScoreScope.AccountsAsync(db, actor, request.AccountIds, ct);
        var group = await OwnGroupAsync(db, actor, request.ResourceGroupId, ct);
        var acting = await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var names = await ScoreScope.AccountNamesAsync(db, accounts, ct);

        // The page queries are independent reads, each on its own context: run them side by side.
        var riskQuery = new RiskQuery(accounts) { ResourceGroupId = group?.Id };
        var dashboardTask = overview.GetDashboardAsync(actor, new OverviewQuery(accounts, group?.Id), ct);
        var risksTask = riskDetection.CountRisksAsync(actor, riskQuery, ct);
        var topRisksTask = riskDetection.ListRisksAsync(actor, riskQuery with { PageSize = ProtectionReport.TopRiskCount }, ct);
        var redundancyTask = highAvailability.SummarizeAsync(actor, accounts, ct);
        var exclusionsTask = riskDetection.ListExclusionsAsync(actor, accounts, 0, 1, ct);
        var ownReads = ExclusionsAndAppendixAsync(db, actor, accounts, group, names, ct);
        // Waits for every read, so that one failing leaves none running or unobserved.
        await Task.WhenAll(dashboardTask, risksTask, topRisksTask, redundancyTask, exclusionsTask, ownReads);
        var (excludedResources, excludedCount, appendix) = await ownReads;
        var policyCoverage = await ProtectionPolicyService.ListCoverageAsync(db, acting.Id, accounts, ct);

        var now = time.GetUtcNow();
        var zone = time.LocalTimeZone;
        return new ProtectionReport(
            new ReportCover(
                accounts.Select(id => new ReportAccount(id, names[id])).ToList(),
                group,
                TimeZoneInfo.ConvertTime(now, zone),
                zone.Id,
                actor.UserName,
                new ReportAccount(acting.Id, acting.DisplayName)),
            await dashboardTask,
            await risksTask,
            (await topRisksTask).Items,
            await redundancyTask,
            new ReportExclusions(excludedResources, excludedCount, (await exclusionsTask).Products),
            appendix,
            policyCoverage);
    }

    /// <summary>
    /// The report as a PDF, generated completely in memory before anything is returned, and audited as
    /// "Download Protection Report" (a refusal is audited as such).
    /// </summary>
    public async Task<ProtectionReportFile> GeneratePdfAsync(Actor actor, ProtectionReportRequest request, CancellationToken ct = default)
    {
        var target = AuditTarget(request);
        ProtectionReport report;
        try
        {
            report = await BuildAsync(actor, request, ct);
        }
        catch (BdrcException refusal)
        {
            // Recorded through the audited runner, so a refused report reads like any other refusal in the Audit Log.
            await audited.RunAsync<bool>(actor, AuditAction, target, _ => throw refusal, ct);
            throw;
        }
        var file = new ProtectionReportFile(FileNameOf(report), ProtectionReportPdf.Render(report));
        await audited.RunAsync(actor, AuditAction, target, _ => Task.FromResult(file), ct,
            f => $"{f.FileName}: {report.Cover.Accounts.Count} account(s), {report.Cover.ResourceGroupText}, {f.Content.Length:N0} bytes");
        return file;
    }

    /// <summary>"bdrc-protection-report-acme-security+2-2026-12-01.pdf": the first account, how many more, the day.</summary>
    internal static string FileNameOf(ProtectionReport report)
    {
        var first = report.Cover.Accounts[0];
        var slug = Slug(first.Name);
        var name = new StringBuilder("bdrc-protection-report-").Append(slug.Length > 0 ? slug : first.Id);
        if (report.Cover.Accounts.Count > 1)
            name.Append('+').Append(report.Cover.Accounts.Count - 1);
        if (report.Cover.ResourceGroup is { } group && Slug(group.Name) is { Length: > 0 } groupSlug)
            name.Append('-').Append(groupSlug);
        return name.Append('-').Append(report.Cover.GeneratedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(".pdf").ToString();
    }

    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        return slug.ToString().Trim('-');
    }

    private static string AuditTarget(ProtectionReportRequest request)
    {
        // "account <id>" parts are named by the Audit Log; a long selection is summarised to fit the target column.
        var accounts = request.AccountIds.Distinct().ToList();
        var listed = string.Join(", ", accounts.Take(5).Select(id => $"account {id}"));
        var target = accounts.Count > 5 ? $"{listed} and {accounts.Count - 5} more accounts" : listed;
        return request.ResourceGroupId is { } group ? $"{target}, resource group {group.ToString(CultureInfo.InvariantCulture)}" : target;
    }

    private static async Task<ReportGroup?> OwnGroupAsync(BdrcDbContext db, Actor actor, int? groupId, CancellationToken ct)
    {
        if (groupId is not { } id)
            return null;
        var name = await db.ResourceGroups.Where(g => g.Id == id && g.OwnerAccountId == actor.AccountId).Select(g => g.Name).SingleOrDefaultAsync(ct);
        return name is null
            ? throw new ValidationException($"Resource group {id} is not one of your account's resource groups: a report can filter by your own groups only.")
            : new ReportGroup(id, name);
    }

    /// <summary>The resources in scope excluded one by one (the first by name, and how many), and the appendix.</summary>
    private async Task<(IReadOnlyList<ExcludedResourceRow> Excluded, int ExcludedCount, ReportAppendix Appendix)> ExclusionsAndAppendixAsync(
        BdrcDbContext db, Actor actor, IReadOnlyList<string> accounts, ReportGroup? group, IReadOnlyDictionary<string, string> names, CancellationToken ct)
    {
        var scope = await ScoreScope.AggregateAsync(db, actor, accounts, group?.Id, ct);
        var inScope = db.Resources.AsNoTracking().Where(r => accounts.Contains(r.AccountId));
        if (scope.GroupPredicate is { } inGroup)
            inScope = inScope.Where(inGroup);
        var excluded = inScope.Where(r => r.ExcludedFromChecks);
        var listed = await excluded.OrderBy(r => r.Name).ThenBy(r => r.Id).Take(ExcludedResourcesListed)
            .Select(r => new { r.Id, r.Name, r.Product, r.AccountId }).ToListAsync(ct);
        return (listed.Select(r => new ExcludedResourceRow(r.Id, r.Name, r.Product, r.AccountId, names[r.AccountId])).ToList(),
            await excluded.CountAsync(ct),
            await AppendixAsync(db, accounts, inScope, names, ct));
    }

    /// <summary>
    /// The resources in scope by product and name (an index walk that stops at the limit), each with every check
    /// item's result as the resource detail shows it.
    /// </summary>
    private async Task<ReportAppendix> AppendixAsync(BdrcDbContext db, IReadOnlyList<string> accounts, IQueryable<Domain.Resources.CloudResource> inScope,
        IReadOnlyDictionary<string, string> names, CancellationToken ct)
    {
        var limit = Math.Max(0, options.Value.ReportAppendixLimit);
        var total = await inScope.CountAsync(ct);
        var rows = await inScope.OrderBy(r => r.Product).ThenBy(r => r.Name).ThenBy(r => r.Id).Take(limit)
            .Select(r => new { r.Id, r.Name, r.Product, r.AccountId, r.RegionId, r.Score, r.CheckedAt, r.ExcludedFromChecks })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var stored = (await db.CheckResults.AsNoTracking().Where(c => ids.Contains(c.ResourceId))
                .Select(c => new { c.ResourceId, c.RuleId, c.Status, c.Reason, c.FirstDetectedAt })
                .ToListAsync(ct))
            .GroupBy(c => c.ResourceId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, ResourceQueryService.StoredCheckResult>)g.ToDictionary(
                c => c.RuleId, c => new ResourceQueryService.StoredCheckResult(c.Status, c.Reason, c.FirstDetectedAt)));
        var excludedProducts = (await db.ProductExclusions.AsNoTracking().Where(e => accounts.Contains(e.AccountId))
            .Select(e => new { e.AccountId, e.Product }).ToListAsync(ct)).Select(e => (e.AccountId, e.Product)).ToHashSet();
        var none = new Dictionary<string, ResourceQueryService.StoredCheckResult>();
        return new ReportAppendix(
            rows.Select(r => new ReportResourceRow(r.Id, r.Name, r.Product, names[r.AccountId], r.RegionId, r.Score,
                r.Score is { } score ? Domain.Scoring.ScoreBands.Stars(score) : null,
                r.ExcludedFromChecks || excludedProducts.Contains((r.AccountId, r.Product)),
                ResourceQueryService.CheckItemResults(r.Product, r.CheckedAt, stored.GetValueOrDefault(r.Id) ?? none))).ToList(),
            total,
            limit);
    }
}
