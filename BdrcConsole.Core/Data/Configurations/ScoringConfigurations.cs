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
        // Ranks, so that severity sorts High > Medium > Low.
        result.Property(r => r.Severity).HasConversion<int>();
        result.Property(r => r.Status).HasConversion<int>();
        result.HasOne<CloudResource>().WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.Cascade);
        // Risk Detection lists and counts an account set's failed items by severity and product.
        result.HasIndex(r => new { r.AccountId, r.Status, r.Severity, r.Product });
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
