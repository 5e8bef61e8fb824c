using BdrcConsole.Core.Features.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BdrcConsole.Endpoints;

/// <summary>
/// Probes for a proxy or an orchestrator, anonymous and without any account's data: <c>/healthz</c> (liveness: the
/// process answers) and <c>/readyz</c> (readiness: the database is reachable and migrated). 200 when healthy, 503 with
/// the reason in plain text otherwise.
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(DatabaseReadinessCheck.Tag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var reasons = report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description);
        return http.Response.WriteAsync(report.Status == HealthStatus.Healthy ? "Healthy" : $"{report.Status}: {string.Join(" ", reasons)}");
    }
}
