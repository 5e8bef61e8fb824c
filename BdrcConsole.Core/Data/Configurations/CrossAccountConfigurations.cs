using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BdrcConsole.Core.Data.Configurations;

internal sealed class DelegatedAdministratorConfiguration : IEntityTypeConfiguration<DelegatedAdministrator>
{
    public void Configure(EntityTypeBuilder<DelegatedAdministrator> admin)
    {
        admin.HasKey(a => new { a.ServiceName, a.AccountId });
        admin.Property(a => a.ServiceName).HasMaxLength(32);
        admin.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CrossAccountSettingsConfiguration : IEntityTypeConfiguration<CrossAccountSettings>
{
    public void Configure(EntityTypeBuilder<CrossAccountSettings> settings)
    {
        settings.HasKey(s => s.AdministratorAccountId);
        settings.HasOne<Account>().WithMany().HasForeignKey(s => s.AdministratorAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ManagementTargetConfiguration : IEntityTypeConfiguration<ManagementTarget>
{
    public void Configure(EntityTypeBuilder<ManagementTarget> target)
    {
        target.HasKey(t => t.Id);
        target.Property(t => t.TargetId).HasMaxLength(32);
        target.HasIndex(t => new { t.AdministratorAccountId, t.Kind, t.TargetId }).IsUnique();
        target.HasOne<Account>().WithMany().HasForeignKey(t => t.AdministratorAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ManagedAccountConfiguration : IEntityTypeConfiguration<ManagedAccount>
{
    public void Configure(EntityTypeBuilder<ManagedAccount> managed)
    {
        managed.HasKey(m => new { m.AdministratorAccountId, m.AccountId });
        managed.HasIndex(m => m.AccountId);
        managed.HasOne<Account>().WithMany().HasForeignKey(m => m.AdministratorAccountId).OnDelete(DeleteBehavior.Cascade);
        managed.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceLinkedRoleConfiguration : IEntityTypeConfiguration<ServiceLinkedRole>
{
    public void Configure(EntityTypeBuilder<ServiceLinkedRole> role)
    {
        role.HasKey(r => new { r.AccountId, r.RoleName });
        role.Property(r => r.RoleName).HasMaxLength(64);
        role.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasKey(e => e.Id);
        entry.Property(e => e.UserName).HasMaxLength(256);
        entry.Property(e => e.ActingAccountId).HasMaxLength(Account.IdLength);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.Target).HasMaxLength(256);
        entry.Property(e => e.Detail).HasMaxLength(1024);
        // Audit entries outlive the accounts they mention, so no foreign key.
        entry.HasIndex(e => new { e.ActingAccountId, e.OccurredAt });
    }
}

internal sealed class BdrcUserConfiguration : IEntityTypeConfiguration<Domain.Identity.BdrcUser>
{
    public void Configure(EntityTypeBuilder<Domain.Identity.BdrcUser> user)
    {
        user.Property(u => u.AccountId).HasMaxLength(Account.IdLength);
        user.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Restrict);
        user.HasIndex(u => u.AccountId);
    }
}
