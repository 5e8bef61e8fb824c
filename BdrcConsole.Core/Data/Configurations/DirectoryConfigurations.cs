using BdrcConsole.Core.Domain.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BdrcConsole.Core.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> account)
    {
        account.HasKey(a => a.Id);
        account.Property(a => a.Id).HasMaxLength(Account.IdLength);
        account.Property(a => a.DisplayName).HasMaxLength(64);
        account.Property(a => a.FolderId).HasMaxLength(32);
        account.HasOne<Folder>().WithMany().HasForeignKey(a => a.FolderId).OnDelete(DeleteBehavior.Restrict);
        account.HasIndex(a => a.FolderId);
        account.HasIndex(a => a.DisplayName).IsUnique();
    }
}

internal sealed class FolderConfiguration : IEntityTypeConfiguration<Folder>
{
    public void Configure(EntityTypeBuilder<Folder> folder)
    {
        folder.HasKey(f => f.Id);
        folder.Property(f => f.Id).HasMaxLength(32);
        folder.Property(f => f.Name).HasMaxLength(Folder.MaxNameLength);
        folder.HasOne<Folder>().WithMany().HasForeignKey(f => f.ParentId).OnDelete(DeleteBehavior.Restrict);
        folder.HasIndex(f => new { f.ParentId, f.Name }).IsUnique();
        folder.Ignore(f => f.IsRoot);
    }
}

internal sealed class ResourceDirectoryConfiguration : IEntityTypeConfiguration<ResourceDirectory>
{
    public void Configure(EntityTypeBuilder<ResourceDirectory> directory)
    {
        directory.HasKey(d => d.Id);
        directory.Property(d => d.Id).ValueGeneratedNever();
        directory.HasOne<Account>().WithMany().HasForeignKey(d => d.ManagementAccountId).OnDelete(DeleteBehavior.Restrict);
        directory.HasOne<Folder>().WithMany().HasForeignKey(d => d.RootFolderId).OnDelete(DeleteBehavior.Restrict);
    }
}
