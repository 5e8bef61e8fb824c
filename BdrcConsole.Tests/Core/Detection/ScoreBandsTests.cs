using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;

namespace BdrcConsole.Tests.Core.Detection;

/// <summary>
/// <see cref="ScoreBands"/> is the one definition of the bands: the SQL aggregates (<see cref="ScoreAggregates.Summarize"/>),
/// detection's in-memory aggregates (<see cref="AccountProductScore.CountInBand"/>) and the stars must put every
/// edge value in the same band.
/// </summary>
public class ScoreBandsTests
{
    /// <summary>Scores at and around every band edge, with the band (index in the distribution) each must fall in.</summary>
    private static readonly (double Score, int Band)[] EdgeScores =
    [
        (0, 0), (59.99, 0), (60, 0), (60.4, 0), (60.499999999, 0), (60.5, 1), (61, 1),
        (69, 1), (69.499999999, 1), (69.5, 2), (70, 2),
        (79.4, 2), (79.5, 3), (80, 3),
        (94, 3), (94.49, 3), (94.5, 4), (95, 4), (99.5, 4), (100, 4),
    ];

    [Fact]
    public async Task EdgeScores_SqlAggregatesDetectionAndStars_PutEachScoreInTheSameBand()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.ClearResourcesAsync(SandboxId);
        var buckets = EdgeScores.Select((edge, i) =>
        {
            var bucket = Bucket(SandboxId, $"edge-{i:00}");
            bucket.Score = edge.Score;
            return bucket;
        }).ToArray();
        await host.AddResourcesAsync(buckets);
        await using var db = await host.CreateDbContextAsync();

        foreach (var (bucket, (score, band)) in buckets.Zip(EdgeScores))
        {
            var sql = await ScoreAggregates.Summarize(db.Resources.Where(r => r.Id == bucket.Id)).SingleAsync();
            var inMemory = new AccountProductScore { AccountId = SandboxId, Product = ProductType.Oss };
            inMemory.CountInBand(score);

            var expected = Enumerable.Range(0, ScoreBands.Distribution.Count).Select(i => i == band ? 1 : 0).ToArray();
            Assert.True(expected.SequenceEqual(Bands(sql)), $"SQL bands {score} as {string.Join(",", Bands(sql))}");
            Assert.True(expected.SequenceEqual(Bands(inMemory)), $"detection bands {score} as {string.Join(",", Bands(inMemory))}");
            Assert.Equal(band, ScoreBands.BandOf(score));
            Assert.Equal(ScoreBands.Distribution[band].Stars, ScoreBands.Stars(score));
        }
    }

    [Fact]
    public void Distribution_Thresholds_AreHalfAPointBelowEachBandsLowestShownScore()
    {
        Assert.Equal([-0.5, 60.5, 69.5, 79.5, 94.5], ScoreBands.Distribution.Select(b => b.From));
    }

    private static int[] Bands(AccountProductScore s) => [s.ScoresUpTo60, s.Scores61To69, s.Scores70To79, s.Scores80To94, s.Scores95To100];
}
