namespace BdrcConsole.Core.Domain.Resources;

public enum ProductType
{
    Ecs,
    Oss,
    Nas,
    Tablestore,
}

/// <summary>How well a resource is protected, kept current whenever its protection changes (for filtering).</summary>
public enum ProtectionStatus
{
    Unprotected,
    PartlyProtected,
    Protected,
}

/// <summary>
/// A resource of one account in one region: an ECS instance, OSS bucket, NAS file system or
/// Tablestore instance. Protection common to all products (Cloud Backup and its backup-vault
/// cross-region replication) lives here; the rest on the product types.
/// </summary>
public abstract class CloudResource
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public ProductType Product { get; protected init; }
    public required string Name { get; set; }
    public required string RegionId { get; init; }
    public string? ZoneId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A Cloud Backup plan protects the resource.</summary>
    public bool CloudBackupEnabled { get; set; }
    public string? CloudBackupPlanName { get; set; }
    /// <summary>The backup vault replicates the backups to another region.</summary>
    public bool BackupVaultReplication { get; set; }

    public ProtectionStatus ProtectionStatus { get; set; }

    /// <summary>
    /// What the succeeded applications of protection policies add to the resource's own configuration, kept
    /// equal to the OR of their grants (docs/rules.md §10). The own configuration above is never changed by a
    /// policy, so taking every application away restores it exactly.
    /// </summary>
    public Policies.ProtectionGrant PolicyGrants { get; set; }
    /// <summary>The longest NAS recycle bin retention a succeeded application grants; null when none does.</summary>
    public int? PolicyRecycleBinRetentionDays { get; set; }

    /// <summary>The data protection score of the last detection (0–100); null before detection or when nothing applies.</summary>
    public double? Score { get; set; }
    /// <summary>When detection last changed this resource's score (detection writes only what changed).</summary>
    public DateTimeOffset? CheckedAt { get; set; }

    // The last detection's summary of the resource's risks, kept on the row so that the Overview
    // aggregates read one covering index instead of joining every check result.
    public int RiskCount { get; set; }
    public int HighRiskCount { get; set; }
    public bool HasCheckFailed { get; set; }
    /// <summary>
    /// A fingerprint of the last detection's non-passed items (rule, status, reason): detection reads a
    /// resource's stored check results only when this changes.
    /// </summary>
    public long? OutcomeHash { get; set; }
    /// <summary>
    /// Changes that could alter this resource's check results since detection last evaluated it: every writer adds
    /// one in its own transaction (<c>DetectionMarks</c>), detection sets it back to 0. A new resource starts at 1,
    /// as it was never evaluated (docs/rules.md §7).
    /// </summary>
    public int ChangesSinceDetection { get; set; } = 1;
    /// <summary>
    /// When the last evaluation's results would change with no event (a recovery point ageing past 48 hours);
    /// null when they never would. Detection picks up the resources whose time has come.
    /// </summary>
    public DateTimeOffset? ValidUntil { get; set; }
    /// <summary>The owner excluded this resource from checks; it is shown as excluded and left out of scores.</summary>
    public bool ExcludedFromChecks { get; set; }
    /// <summary>
    /// Simulates a resource whose checks cannot run (the cloud API refused to describe it): every item
    /// is "Check failed" with this reason. Null for normal resources.
    /// </summary>
    public string? CheckError { get; set; }

    /// <summary>
    /// The tags, stored as one canonical text (see <see cref="TagText"/>) so that tag filters and
    /// resource-group matching are a string search on the resource row: no join, one covering index.
    /// </summary>
    public string TagText { get; private set; } = Domain.Resources.TagText.Empty;

    public IReadOnlyList<ResourceTag> Tags => Domain.Resources.TagText.Decode(TagText);

    public List<RecoveryPoint> RecoveryPoints { get; init; } = [];

    /// <summary>Adds the tag, or replaces the value of an existing tag with the same key.</summary>
    public void SetTag(string key, string value) =>
        TagText = Domain.Resources.TagText.Encode(Tags.Where(t => t.Key != key).Append(new ResourceTag(key, value)));

    /// <summary>Removes the tag with this key; true when there was one.</summary>
    public bool RemoveTag(string key)
    {
        var tags = Tags;
        if (tags.All(t => t.Key != key))
            return false;
        TagText = Domain.Resources.TagText.Encode(tags.Where(t => t.Key != key));
        return true;
    }

    /// <summary>Recomputes <see cref="ProtectionStatus"/> from the effective protection: own configuration OR policy grants.</summary>
    public void RefreshProtectionStatus()
    {
        var (met, total) = ProtectionMeasures();
        ProtectionStatus = met == 0 ? ProtectionStatus.Unprotected : met == total ? ProtectionStatus.Protected : ProtectionStatus.PartlyProtected;
    }

    /// <summary>How many of the product's protection measures are configured, out of how many.</summary>
    protected abstract (int Met, int Total) ProtectionMeasures();

    protected static int CountMet(params bool[] measures) => measures.Count(m => m);

    /// <summary>A succeeded protection policy application grants this protection (effective = own OR granted).</summary>
    protected bool Granted(Policies.ProtectionGrant grant) => (PolicyGrants & grant) == grant;

    protected bool EffectiveCloudBackup => CloudBackupEnabled || Granted(Policies.ProtectionGrant.CloudBackup);

    protected bool EffectiveVaultReplication => BackupVaultReplication || Granted(Policies.ProtectionGrant.VaultReplication);
}

/// <summary>A tag of a resource: a key with one value.</summary>
public sealed record ResourceTag(string Key, string Value)
{
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 128;
}

/// <summary>
/// The canonical text form of a resource's tags: a newline, then "key=value" and a newline per tag,
/// sorted by key, with backslash, '=' and newline escaped inside keys and values. Every tag is
/// framed by newlines, so "key has value" and "key exists" are substring tests that SQLite answers
/// with instr() on the resource row.
/// </summary>
public static class TagText
{
    public const string Empty = "\n";

    public static string Encode(IEnumerable<ResourceTag> tags) =>
        Empty + string.Concat(tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{Escape(t.Key)}={Escape(t.Value)}\n"));

    public static IReadOnlyList<ResourceTag> Decode(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Select(parts => new ResourceTag(Unescape(parts[0]), parts.Length > 1 ? Unescape(parts[1]) : ""))
            .ToList();

    /// <summary>The substring present exactly when the tag key has this value.</summary>
    public static string EqualPattern(string key, string value) => $"\n{Escape(key)}={Escape(value)}\n";

    /// <summary>The substring present exactly when the tag key exists.</summary>
    public static string KeyPattern(string key) => $"\n{Escape(key)}=";

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("=", "\\e").Replace("\n", "\\n");

    private static string Unescape(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                result.Append(text[++i] switch { 'e' => '=', 'n' => '\n', var c => c });
                continue;
            }
            result.Append(text[i]);
        }
        return result.ToString();
    }
}

public enum RecoveryPointKind
{
    Snapshot,
    Backup,
}

public enum RecoveryPointStatus
{
    Succeeded,
    Failed,
}

/// <summary>What one snapshot or backup run left: the evidence that protection works.</summary>
public sealed class RecoveryPoint
{
    public long Id { get; init; }
    public string ResourceId { get; init; } = "";
    public RecoveryPointKind Kind { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public RecoveryPointStatus Status { get; init; }
    public long SizeBytes { get; init; }
    public string? FailureReason { get; init; }
    /// <summary>The sub-policy whose run left it (pruned by its retention); null for the account's own backups.</summary>
    public int? SubPolicyId { get; init; }
}
