namespace BdrcConsole.Core.Domain.Scoring;

/// <summary>One score band: the whole-number scores it holds as shown, and the stars they earn.</summary>
public sealed record ScoreBand(string Label, int Min, int Max, int Stars)
{
    /// <summary>The lowest unrounded score in the band: a score is shown as <see cref="Min"/> from half a point below it.</summary>
    public double From => Min - 0.5;
}

/// <summary>
/// The score bands of docs/rules.md §8, the only place they are defined: ≤60 ★1, 61–69 ★2, 70–79 ★3, 80–94 ★4, 95–100 ★5.
/// A band applies to the score as shown, a whole number rounded half up (scores are never negative),
/// which is the same as comparing the unrounded score with the band's <see cref="ScoreBand.From"/>.
/// The stored aggregates (SQL and detection) and the Overview band with <see cref="BandOf"/> or those
/// thresholds, so every path puts an edge value such as 60.5 in the same band.
/// </summary>
public static class ScoreBands
{
    /// <summary>The distribution bands of the Overview, lowest first; together they cover 0–100 without gaps.</summary>
    public static IReadOnlyList<ScoreBand> Distribution { get; } =
    [
        new("≤60", 0, 60, 1),
        new("61–69", 61, 69, 2),
        new("70–79", 70, 79, 3),
        new("80–94", 80, 94, 4),
        new("95–100", 95, 100, 5),
    ];

    /// <summary>The index in <see cref="Distribution"/> of the band a score falls in.</summary>
    public static int BandOf(double score)
    {
        var band = 0;
        while (band + 1 < Distribution.Count && score >= Distribution[band + 1].From)
            band++;
        return band;
    }

    public static int Stars(double score) => Distribution[BandOf(score)].Stars;
}
