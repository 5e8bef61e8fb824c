using System.Globalization;
using System.Text.RegularExpressions;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Reports;
using BdrcConsole.Security;
using Microsoft.Extensions.Primitives;

namespace BdrcConsole.Endpoints;

/// <summary>
/// <c>GET /reports/protection.pdf?accounts=id,id&amp;group=id</c>: the data protection report as a PDF, for the
/// Overview's download button and for scripts holding the sign-in cookie. The whole PDF is generated in memory before
/// the first byte is sent, so a refusal or a failure never leaves a partial file.
/// </summary>
public static partial class ReportEndpoints
{
    public const string ProtectionReportPath = "/reports/protection.pdf";
    private const int MaxAccounts = 5000;

    /// <summary>The endpoint's URL for some filters, as the Overview's dialog links to it.</summary>
    public static string ProtectionReportUrl(IEnumerable<string> accountIds, int? groupId) =>
        $"{ProtectionReportPath}?accounts={string.Join(',', accountIds)}{(groupId is { } id ? $"&group={id.ToString(CultureInfo.InvariantCulture)}" : "")}";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous requests are challenged: the cookie scheme redirects them to the sign-in page.
        endpoints.MapGet(ProtectionReportPath, async (HttpContext http, ProtectionReportService reports, CancellationToken ct) =>
        {
            var actor = ActorOf(http);
            if (ParseRequest(http.Request.Query, actor) is not { } request)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: Error);
            try
            {
                var file = await reports.GeneratePdfAsync(actor, request, ct);
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(file.Content, ProtectionReportFile.ContentType, file.FileName);
            }
            catch (ValidationException invalid)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: invalid.Message);
            }
            catch (Exception refused) when (refused is NotFoundException or AccessDeniedException)
            {
                // Core answers "not found" for an account the actor may not see; over HTTP that is a 403 with the same words.
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: refused.Message);
            }
            catch (RuleViolationException rule)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: rule.Message);
            }
        }).RequireAuthorization().WithName("ProtectionReport");
        return endpoints;
    }

    private const string Error =
        "Use accounts=<16-digit account id>[,<account id>…] (or repeat accounts=) and optionally group=<id of one of your resource groups>.";

    private static Actor ActorOf(HttpContext http) =>
        new(http.User.Identity?.Name ?? "", http.User.FindFirst(BdrcClaims.AccountId)?.Value ?? "");

    /// <summary>
    /// The filters from the query string, or null when one is malformed. Without <c>accounts</c> the report covers the
    /// signed-in account; parameters other than accounts and group are refused, so a misspelt filter is not ignored.
    /// </summary>
    internal static ProtectionReportRequest? ParseRequest(IQueryCollection query, Actor actor)
    {
        if (query.Keys.Any(k => k is not ("accounts" or "group")))
            return null;
        var ids = query.TryGetValue("accounts", out var values)
            ? values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToList()
            : [actor.AccountId];
        if (ids.Count is 0 or > MaxAccounts || !ids.All(id => AccountId().IsMatch(id)))
            return null;
        int? group = null;
        if (query.TryGetValue("group", out StringValues groupValue))
        {
            if (groupValue.Count != 1 || !int.TryParse(groupValue[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                return null;
            group = id;
        }
        return new ProtectionReportRequest(ids.Distinct().ToList(), group);
    }

    /// <summary>An account id: 16 digits, not starting with 0 (docs/rules.md §1).</summary>
    [GeneratedRegex("^[1-9][0-9]{15}$")]
    private static partial Regex AccountId();
}
