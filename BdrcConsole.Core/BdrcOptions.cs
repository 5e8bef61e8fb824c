namespace BdrcConsole.Core;

/// <summary>The <c>Bdrc</c> configuration section.</summary>
public sealed class BdrcOptions
{
    public const string SectionName = "Bdrc";

    /// <summary>The database engine: Sqlite (the embedded default) or PostgreSql (shared by several instances).</summary>
    public Data.DatabaseProvider Database { get; set; } = Data.DatabaseProvider.Sqlite;

    /// <summary>Seed the demo organisation into an empty database on start.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>How many BDRC delegated administrators the directory may have at once.</summary>
    public int MaxDelegatedAdministrators { get; set; } = 1;

    /// <summary>How long an OSS LRS → ZRS conversion takes (seconds; short in the demo).</summary>
    public int ZrsConversionSeconds { get; set; } = 8;

    /// <summary>How often the protection policy scheduler looks for due sub-policies (seconds); Run now wakes it at once.</summary>
    public int PolicySchedulerIntervalSeconds { get; set; } = 30;

    /// <summary>How many resources the data protection report's appendix lists; the rest are counted, not listed.</summary>
    public int ReportAppendixLimit { get; set; } = 1000;
}
