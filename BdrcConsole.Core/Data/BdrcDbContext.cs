using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Domain.Identity;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Data.Sql;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BdrcConsole.Core.Data;

/// <summary>
/// The console's database: directory, cross-account management, audit, sign-in users and the keys that protect
/// sign-in cookies (shared by every instance on one database). This type is the SQLite database and owns its
/// migrations; <see cref="PostgreSql.PostgreSqlBdrcDbContext"/> is the same model on PostgreSQL, with its own.
/// </summary>
public class BdrcDbContext : IdentityDbContext<BdrcUser>, IDataProtectionKeyContext
{
    public BdrcDbContext(DbContextOptions<BdrcDbContext> options) : base(options)
    {
    }

    /// <summary>For the provider-specific subclasses: the options are still built for <see cref="BdrcDbContext"/>.</summary>
    protected BdrcDbContext(DbContextOptions options) : base(options)
    {
    }

    /// <summary>The SQL this database's engine needs where EF's translation is not enough (bulk writes, index walks, id lists).</summary>
    internal virtual SqlDialect Sql => SqliteDialect.Instance;

    /// <summary>Managed-set changes made in this context's transaction, published after it commits.</summary>
    internal List<Features.CrossAccount.ManagementChange> PendingManagementChanges { get; } = [];

    public DbSet<ResourceDirectory> ResourceDirectories => Set<ResourceDirectory>();
    public DbSet<Folder> Folders => Set<Folder>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<DelegatedAdministrator> DelegatedAdministrators => Set<DelegatedAdministrator>();
    public DbSet<CrossAccountSettings> CrossAccountSettings => Set<CrossAccountSettings>();
    public DbSet<ManagementTarget> ManagementTargets => Set<ManagementTarget>();
    public DbSet<ManagedAccount> ManagedAccounts => Set<ManagedAccount>();
    public DbSet<ServiceLinkedRole> ServiceLinkedRoles => Set<ServiceLinkedRole>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<CloudResource> Resources => Set<CloudResource>();
    public DbSet<EcsInstance> EcsInstances => Set<EcsInstance>();
    public DbSet<OssBucket> OssBuckets => Set<OssBucket>();
    public DbSet<NasFileSystem> NasFileSystems => Set<NasFileSystem>();
    public DbSet<TablestoreInstance> TablestoreInstances => Set<TablestoreInstance>();
    public DbSet<EcsDisk> EcsDisks => Set<EcsDisk>();
    public DbSet<RecoveryPoint> RecoveryPoints => Set<RecoveryPoint>();
    public DbSet<ResourceGroup> ResourceGroups => Set<ResourceGroup>();
    public DbSet<TagCondition> TagConditions => Set<TagCondition>();
    public DbSet<CheckResult> CheckResults => Set<CheckResult>();
    public DbSet<ScoreSnapshot> ScoreSnapshots => Set<ScoreSnapshot>();
    public DbSet<ProductExclusion> ProductExclusions => Set<ProductExclusion>();
    public DbSet<AccountProductScore> AccountProductScores => Set<AccountProductScore>();
    public DbSet<AccountRiskCount> AccountRiskCounts => Set<AccountRiskCount>();
    public DbSet<Domain.Policies.ProtectionPolicy> ProtectionPolicies => Set<Domain.Policies.ProtectionPolicy>();
    public DbSet<Domain.Policies.PolicyGroupBinding> PolicyGroupBindings => Set<Domain.Policies.PolicyGroupBinding>();
    public DbSet<Domain.Policies.SubPolicy> SubPolicies => Set<Domain.Policies.SubPolicy>();
    public DbSet<Domain.Policies.PolicyApplication> PolicyApplications => Set<Domain.Policies.PolicyApplication>();
    public DbSet<Domain.Policies.PolicyExecution> PolicyExecutions => Set<Domain.Policies.PolicyExecution>();
    public DbSet<Domain.Policies.PolicyMessage> PolicyMessages => Set<Domain.Policies.PolicyMessage>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BdrcDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset stored as text; a binary long keeps it in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
