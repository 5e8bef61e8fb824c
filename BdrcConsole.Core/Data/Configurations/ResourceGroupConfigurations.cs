using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BdrcConsole.Core.Data.Configurations;

internal sealed class ResourceGroupConfiguration : IEntityTypeConfiguration<ResourceGroup>
{
    public void Configure(EntityTypeBuilder<ResourceGroup> group)
    {
        group.HasKey(g => g.Id);
        group.Property(g => g.Name).HasMaxLength(ResourceGroup.MaxNameLength);
        group.Property(g => g.Description).HasMaxLength(ResourceGroup.MaxDescriptionLength);
        group.HasIndex(g => new { g.OwnerAccountId, g.Name }).IsUnique();
        group.HasOne<Account>().WithMany().HasForeignKey(g => g.OwnerAccountId).OnDelete(DeleteBehavior.Cascade);
        group.HasMany(g => g.Conditions).WithOne().HasForeignKey(c => c.ResourceGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TagConditionConfiguration : IEntityTypeConfiguration<TagCondition>
{
    public void Configure(EntityTypeBuilder<TagCondition> condition)
    {
        condition.HasKey(c => c.Id);
        condition.Property(c => c.Key).HasMaxLength(ResourceTag.MaxKeyLength);
        condition.Property(c => c.Value).HasMaxLength(ResourceTag.MaxValueLength);
    }
}
