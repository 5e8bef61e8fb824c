using System.Diagnostics;
using BdrcConsole.Core;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>
/// The data protection report for every visible account of the estate, appendix at <c>Bdrc:ReportAppendixLimit</c>
/// (1,000 resources by default): time from request to the PDF's bytes (goal ≤ 2 s) and the peak managed heap while
/// generating (goal ≤ 200 MB), sampled every 2 ms from a collected heap.
/// </summary>
internal static class ReportBench
{
    private const int Runs = 5;

    public static async Task<List<(string Name, double Median, double Tail, string TailKind, double Goal)>> RunAsync(
        IServiceProvider services, Actor administrator, IReadOnlyList<string> visible)
    {
        var reports = services.GetRequiredService<ProtectionReportService>();
        var limit = services.GetRequiredService<IOptions<BdrcOptions>>().Value.ReportAppendixLimit;
        var request = new ProtectionReportRequest(visible);

        var warmUp = await reports.GeneratePdfAsync(administrator, request);
        // One untimed breakdown, to see where the time goes: the model's queries, then the PDF.
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var breakdown = Stopwatch.StartNew();
        var report = await reports.BuildAsync(administrator, request);
        var model = breakdown.Elapsed.TotalMilliseconds;
        breakdown.Restart();
        ProtectionReportPdf.Render(report);
        Console.WriteLine($"Report model {model:0} ms, PDF {breakdown.Elapsed.TotalMilliseconds:0} ms, " +
            $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0:0} MB allocated in all (one run).");
        Console.WriteLine($"Report: {visible.Count} accounts, appendix {report.Appendix.Resources.Count} of {report.Appendix.TotalResources} resources (limit {limit}), " +
            $"{warmUp.Content.Length / 1024.0 / 1024.0:0.0} MB PDF.");

        var times = new List<double>();
        var peaks = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var sampling = new CancellationTokenSource();
            var baseline = GC.GetTotalMemory(forceFullCollection: false);
            var peak = baseline;
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                    await Task.Delay(2);
                }
            });
            var stopwatch = Stopwatch.StartNew();
            var file = await reports.GeneratePdfAsync(administrator, request);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            await sampling.CancelAsync();
            await sampler;
            peaks.Add(peak / 1024.0 / 1024.0);
            GC.KeepAlive(file);
        }
        times.Sort();
        peaks.Sort();
        return
        [
            ($"Data protection report PDF: all accounts, appendix of {report.Appendix.Resources.Count} resources ({Runs} runs)", times[Runs / 2], times[^1], $"max of {Runs}", 2000),
            ($"Data protection report PDF: peak managed heap, MB ({Runs} runs)", peaks[Runs / 2], peaks[^1], $"max of {Runs}", 200),
        ];
    }
}
