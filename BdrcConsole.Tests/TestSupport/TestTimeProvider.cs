namespace BdrcConsole.Tests.TestSupport;

/// <summary>A clock the test sets and moves by hand, so recorded times can be asserted exactly.</summary>
public sealed class TestTimeProvider : TimeProvider
{
    /// <summary>A fixed start, so every fresh host seeds and stamps the same times.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    public DateTimeOffset UtcNow { get; set; } = DefaultStart;

    public override DateTimeOffset GetUtcNow() => UtcNow;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => UtcNow += by;
}
