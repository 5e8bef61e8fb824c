using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Domain.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BdrcConsole.Core.Data.Configurations;

/// <summary>All four products share one table (TPH) so Resource Center and tag matching query one place.</summary>
internal sealed class CloudResourceConfiguration : IEntityTypeConfiguration<CloudResource>
{
    public void Configure(EntityTypeBuilder<CloudResource> resource)
    {
        resource.ToTable("Resources");
        resource.HasKey(r => r.Id);
        resource.Property(r => r.Id).HasMaxLength(64);
        resource.Property(r => r.AccountId).HasMaxLength(Account.IdLength);
        resource.Property(r => r.Name).HasMaxLength(128);
        resource.Property(r => r.RegionId).HasMaxLength(32);
        resource.Property(r => r.ZoneId).HasMaxLength(32);
        resource.Property(r => r.CloudBackupPlanName).HasMaxLength(128);
        resource.HasDiscriminator(r => r.Product)
            .HasValue<EcsInstance>(ProductType.Ecs)
            .HasValue<OssBucket>(ProductType.Oss)
            .HasValue<NasFileSystem>(ProductType.Nas)
            .HasValue<TablestoreInstance>(ProductType.Tablestore);
        resource.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        resource.Property(r => r.TagText).HasMaxLength(4000);
        // Stored as its level (0 unprotected … 2 protected) so that sorting by it means something.
        resource.Property(r => r.ProtectionStatus).HasConversion<int>();
        // Flags, stored as their integer so SQL can OR them into the scoring facts.
        resource.Property(r => r.PolicyGrants).HasConversion<int>();
        resource.Ignore(r => r.Tags);
        resource.HasMany(r => r.RecoveryPoints).WithOne().HasForeignKey(p => p.ResourceId).OnDelete(DeleteBehavior.Cascade);

        // Resource Center: pages walk (Product, Name) in order when many accounts are selected; counts
        // and filters over the selected accounts read the covering (Product, AccountId, ...) index.
        resource.HasIndex(r => new { r.Product, r.Name });
        resource.HasIndex(r => new { r.Product, r.AccountId, r.ProtectionStatus, r.RegionId, r.TagText });
        // Resource-group matching scans the tags of the owner's visible accounts.
        resource.HasIndex(r => new { r.AccountId, r.TagText });
        resource.Property(r => r.CheckError).HasMaxLength(256);
        // No index carries the score columns per account: the Overview reads the stored aggregates, and such an index
        // cost a third of the writes when many resources are re-scored at once (an expiry wave).
        // Incremental detection finds the changed and the expired resources by these two, never by a scan.
        resource.Property(r => r.ChangesSinceDetection).HasDefaultValue(1).HasSentinel(-1);
        resource.HasIndex(r => new { r.AccountId, r.ChangesSinceDetection }, "IX_Resources_Changed").HasFilter("\"ChangesSinceDetection\" > 0");
        resource.HasIndex(r => new { r.ValidUntil, r.AccountId }, "IX_Resources_ValidUntil").HasFilter("\"ValidUntil\" IS NOT NULL");
        // The Overview's top risky resources over many accounts: walked in order, stopping after a few.
        resource.HasIndex(r => new { r.Score, r.HighRiskCount, r.Name, r.AccountId, r.Product }, TopRiskyIndex.Name)
            .IsDescending(false, true, false, false, false).HasFilter(TopRiskyIndex.Filter);
    }
}

internal sealed class EcsInstanceConfiguration : IEntityTypeConfiguration<EcsInstance>
{
    public void Configure(EntityTypeBuilder<EcsInstance> instance)
    {
        instance.Property(i => i.InstanceType).HasMaxLength(64);
        instance.HasMany(i => i.Disks).WithOne().HasForeignKey(d => d.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EcsDiskConfiguration : IEntityTypeConfiguration<EcsDisk>
{
    public void Configure(EntityTypeBuilder<EcsDisk> disk)
    {
        disk.HasKey(d => d.Id);
        disk.Property(d => d.Id).HasMaxLength(64);
        disk.Property(d => d.AutoSnapshotPolicyId).HasMaxLength(64);
        // Covering: detection counts an instance's disks and their snapshot policies from the index alone.
        disk.HasIndex(d => new { d.InstanceId, d.AutoSnapshotPolicyId, d.SnapshotCrossRegionCopy });
    }
}

internal sealed class RecoveryPointConfiguration : IEntityTypeConfiguration<RecoveryPoint>
{
    public void Configure(EntityTypeBuilder<RecoveryPoint> point)
    {
        point.HasKey(p => p.Id);
        point.Property(p => p.FailureReason).HasMaxLength(256);
        point.HasIndex(p => new { p.ResourceId, p.CreatedAt });
        // Detection's "latest successful recovery point" is one seek into this index per resource.
        point.HasIndex(p => new { p.ResourceId, p.Status, p.CreatedAt });
        // Pruning past a sub-policy's retention; a deleted sub-policy leaves its recovery points as the account's.
        point.HasIndex(p => new { p.SubPolicyId, p.CreatedAt });
        point.HasOne<Domain.Policies.SubPolicy>().WithMany().HasForeignKey(p => p.SubPolicyId).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>The partial index of scored, risky resources not excluded one by one, in the Overview's "top risky" order.</summary>
internal static class TopRiskyIndex
{
    public const string Name = "IX_Resources_TopRisky";
    public const string Filter = "\"RiskCount\" > 0 AND \"ExcludedFromChecks\" = 0 AND \"Score\" IS NOT NULL";

    /// <summary>The same filter for PostgreSQL, whose booleans are not numbers.</summary>
    public const string PostgreSqlFilter = "\"RiskCount\" > 0 AND NOT \"ExcludedFromChecks\" AND \"Score\" IS NOT NULL";
}
