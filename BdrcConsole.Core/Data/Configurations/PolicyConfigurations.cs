using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BdrcConsole.Core.Data.Configurations;

internal sealed class ProtectionPolicyConfiguration : IEntityTypeConfiguration<ProtectionPolicy>
{
    public void Configure(EntityTypeBuilder<ProtectionPolicy> policy)
    {
        policy.HasKey(p => p.Id);
        policy.Property(p => p.Name).HasMaxLength(ProtectionPolicy.MaxNameLength);
        policy.Property(p => p.Description).HasMaxLength(ProtectionPolicy.MaxDescriptionLength);
        policy.Property(p => p.UpdatedBy).HasMaxLength(256);
        policy.Property(p => p.Version).IsConcurrencyToken();
        policy.HasIndex(p => new { p.OwnerAccountId, p.Name }).IsUnique();
        policy.HasOne<Account>().WithMany().HasForeignKey(p => p.OwnerAccountId).OnDelete(DeleteBehavior.Cascade);
        policy.HasMany(p => p.Groups).WithOne().HasForeignKey(g => g.PolicyId).OnDelete(DeleteBehavior.Cascade);
        policy.HasMany(p => p.SubPolicies).WithOne().HasForeignKey(s => s.PolicyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PolicyGroupBindingConfiguration : IEntityTypeConfiguration<PolicyGroupBinding>
{
    public void Configure(EntityTypeBuilder<PolicyGroupBinding> binding)
    {
        binding.HasKey(b => new { b.PolicyId, b.ResourceGroupId });
        // A group bound to a policy cannot be deleted out from under it (the service refuses with a message first).
        binding.HasOne<ResourceGroup>().WithMany().HasForeignKey(b => b.ResourceGroupId).OnDelete(DeleteBehavior.Restrict);
        binding.HasIndex(b => b.ResourceGroupId);
    }
}

internal sealed class SubPolicyConfiguration : IEntityTypeConfiguration<SubPolicy>
{
    public void Configure(EntityTypeBuilder<SubPolicy> sub)
    {
        sub.HasKey(s => s.Id);
        sub.Property(s => s.TimePoints).HasMaxLength(100);
        sub.Property(s => s.DaysOfWeek).HasMaxLength(20);
        sub.Property(s => s.CronExpression).HasMaxLength(SubPolicy.MaxCronLength);
        sub.Property(s => s.TargetRegionId).HasMaxLength(32);
        // The scheduler's tick: due sub-policies in order.
        sub.HasIndex(s => s.NextRunAt);
    }
}

internal sealed class PolicyApplicationConfiguration : IEntityTypeConfiguration<PolicyApplication>
{
    public void Configure(EntityTypeBuilder<PolicyApplication> application)
    {
        application.HasKey(a => a.Id);
        application.Property(a => a.ResourceId).HasMaxLength(64);
        application.Property(a => a.AccountId).HasMaxLength(Account.IdLength);
        application.Property(a => a.FailureReason).HasMaxLength(256);
        application.Property(a => a.TaskId).HasMaxLength(32);
        application.Property(a => a.Grants).HasConversion<int>();
        application.HasIndex(a => new { a.SubPolicyId, a.ResourceId }).IsUnique();
        // Effective protection of a resource: OR of its succeeded applications' grants.
        application.HasIndex(a => new { a.ResourceId, a.Status, a.Grants });
        // The policy page: applications per status and account.
        application.HasIndex(a => new { a.PolicyId, a.Status, a.AccountId });
        application.HasOne<SubPolicy>().WithMany().HasForeignKey(a => a.SubPolicyId).OnDelete(DeleteBehavior.Cascade);
        application.HasOne<CloudResource>().WithMany().HasForeignKey(a => a.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PolicyExecutionConfiguration : IEntityTypeConfiguration<PolicyExecution>
{
    public void Configure(EntityTypeBuilder<PolicyExecution> execution)
    {
        execution.HasKey(e => e.Id);
        execution.HasIndex(e => new { e.PolicyId, e.StartedAt });
        execution.HasOne<SubPolicy>().WithMany().HasForeignKey(e => e.SubPolicyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PolicyMessageConfiguration : IEntityTypeConfiguration<PolicyMessage>
{
    public void Configure(EntityTypeBuilder<PolicyMessage> message)
    {
        message.HasKey(m => m.Id);
        message.Property(m => m.PolicyName).HasMaxLength(ProtectionPolicy.MaxNameLength);
        message.Property(m => m.AccountIds).HasMaxLength(4000);
        message.Property(m => m.ResourceIds).HasMaxLength(4000);
        message.Property(m => m.Outcome).HasMaxLength(1024);
        message.Property(m => m.RecipientAccountId).HasMaxLength(Account.IdLength);
        message.HasOne<Account>().WithMany().HasForeignKey(m => m.RecipientAccountId).OnDelete(DeleteBehavior.Cascade);
        // The Messages page: newest first per recipient; the unread badge counts one range of this index.
        message.HasIndex(m => new { m.RecipientAccountId, m.Read, m.Id });
        message.HasIndex(m => new { m.RecipientAccountId, m.Id });
    }
}
