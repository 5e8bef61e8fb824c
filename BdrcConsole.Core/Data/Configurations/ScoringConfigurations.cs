using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BdrcConsole.Core.Data.Configurations;

internal sealed class CheckResultConfiguration : IEntityTypeConfiguration<CheckResult>
{
    public void Configure(EntityTypeBuilder<CheckResult> result)
    {
        result.HasKey(r => new { r.ResourceId, r.RuleId });
        result.Property(r => r.RuleId).HasMaxLength(64);
        result.Property(r => r.Reason).HasMaxLength(256);
        result.Property(r => r.ResourceName).HasMaxLength(128);
        // Ranks, so that severity sorts High > Medium > Low.
        result.Property(r => r.Severity).HasConversion<int>();
        result.Property(r => r.Status).HasConversion<int>();
        result.HasOne<CloudResource>().WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.Cascade);
        // Risk Detection lists and counts an account set's failed items by severity and product.
        result.HasIndex(r => new { r.AccountId, r.Status, r.Severity, r.Product });
        // Risk Detection pages over many accounts walk the failed items in the page's order and stop after
        // one page (see RiskDetectionService.RisksInPageOrder); one index per sort a page can ask for.
        result.HasIndex(r => new { r.Severity, r.ResourceName, r.RuleId, r.AccountId, r.Product }, RiskIndexes.BySeverity)
            .IsDescending(true, false, false, false, false).HasFilter(RiskIndexes.FailedOnly);
        result.HasIndex(r => new { r.ResourceName, r.RuleId, r.AccountId, r.Product }, RiskIndexes.ByResource).HasFilter(RiskIndexes.FailedOnly);
        result.HasIndex(r => new { r.FirstDetectedAt, r.ResourceName, r.RuleId, r.AccountId, r.Product }, RiskIndexes.ByFirstDetected).HasFilter(RiskIndexes.FailedOnly);
    }
}

internal sealed class ScoreSnapshotConfiguration : IEntityTypeConfiguration<ScoreSnapshot>
{
    public void Configure(EntityTypeBuilder<ScoreSnapshot> snapshot)
    {
        snapshot.HasKey(s => s.Id);
        snapshot.Property(s => s.Day).HasMaxLength(10);
        snapshot.HasIndex(s => new { s.AccountId, s.Day }).IsUnique();
        snapshot.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductExclusionConfiguration : IEntityTypeConfiguration<ProductExclusion>
{
    public void Configure(EntityTypeBuilder<ProductExclusion> exclusion)
    {
        exclusion.HasKey(e => new { e.AccountId, e.Product });
        exclusion.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The partial indexes over failed check items (risks) that risk pages walk (<see cref="Sql.IIndexWalks.Risks"/>).</summary>
internal static class RiskIndexes
{
    public const string FailedOnly = "\"Status\" = 1";
    public const string BySeverity = "IX_CheckResults_Risks_BySeverity";
    public const string ByResource = "IX_CheckResults_Risks_ByResource";
    public const string ByFirstDetected = "IX_CheckResults_Risks_ByFirstDetected";

    /// <summary>The index name, when it is one of the above: SQL names it, so nothing else may get there.</summary>
    public static string Known(string index) => index is BySeverity or ByResource or ByFirstDetected
        ? index
        : throw new ArgumentOutOfRangeException(nameof(index), index, "Not a risk index.");
}

internal sealed class AccountProductScoreConfiguration : IEntityTypeConfiguration<AccountProductScore>
{
    public void Configure(EntityTypeBuilder<AccountProductScore> score)
    {
        score.HasKey(s => new { s.AccountId, s.Product });
        score.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccountRiskCountConfiguration : IEntityTypeConfiguration<AccountRiskCount>
{
    public void Configure(EntityTypeBuilder<AccountRiskCount> count)
    {
        count.HasKey(c => new { c.AccountId, c.RuleId });
        count.Property(c => c.RuleId).HasMaxLength(64);
        count.Property(c => c.Severity).HasConversion<int>();
        count.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
