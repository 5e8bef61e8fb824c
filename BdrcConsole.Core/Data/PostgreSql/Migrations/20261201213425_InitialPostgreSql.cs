using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BdrcConsole.Core.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialPostgreSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OccurredAt = table.Column<long>(type: "bigint", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    ActingAccountId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Target = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Folders",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    ParentId = table.Column<string>(type: "character varying(32)", nullable: true, collation: "C"),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Folders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Folders_Folders_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Folders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    DisplayName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FolderId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    JoinMethod = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    JoinedAt = table.Column<long>(type: "bigint", nullable: false),
                    LeftDirectoryAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Accounts_Folders_FolderId",
                        column: x => x.FolderId,
                        principalTable: "Folders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AccountProductScores",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    Product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Resources = table.Column<int>(type: "integer", nullable: false),
                    ExcludedResources = table.Column<int>(type: "integer", nullable: false),
                    ScoredResources = table.Column<int>(type: "integer", nullable: false),
                    ScoreSum = table.Column<double>(type: "double precision", nullable: false),
                    RiskyResources = table.Column<int>(type: "integer", nullable: false),
                    Risks = table.Column<int>(type: "integer", nullable: false),
                    CheckFailedResources = table.Column<int>(type: "integer", nullable: false),
                    ScoresUpTo60 = table.Column<int>(type: "integer", nullable: false),
                    Scores61To69 = table.Column<int>(type: "integer", nullable: false),
                    Scores70To79 = table.Column<int>(type: "integer", nullable: false),
                    Scores80To94 = table.Column<int>(type: "integer", nullable: false),
                    Scores95To100 = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountProductScores", x => new { x.AccountId, x.Product });
                    table.ForeignKey(
                        name: "FK_AccountProductScores_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AccountRiskCounts",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    RuleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Severity = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    Risks = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountRiskCounts", x => new { x.AccountId, x.RuleId });
                    table.ForeignKey(
                        name: "FK_AccountRiskCounts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<long>(type: "bigint", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUsers_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CrossAccountSettings",
                columns: table => new
                {
                    AdministratorAccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    EnabledAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrossAccountSettings", x => x.AdministratorAccountId);
                    table.ForeignKey(
                        name: "FK_CrossAccountSettings_Accounts_AdministratorAccountId",
                        column: x => x.AdministratorAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DelegatedAdministrators",
                columns: table => new
                {
                    ServiceName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    AddedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DelegatedAdministrators", x => new { x.ServiceName, x.AccountId });
                    table.ForeignKey(
                        name: "FK_DelegatedAdministrators_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ManagedAccounts",
                columns: table => new
                {
                    AdministratorAccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    ManagedSince = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManagedAccounts", x => new { x.AdministratorAccountId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_ManagedAccounts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ManagedAccounts_Accounts_AdministratorAccountId",
                        column: x => x.AdministratorAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ManagementTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AdministratorAccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TargetId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    AddedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManagementTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ManagementTargets_Accounts_AdministratorAccountId",
                        column: x => x.AdministratorAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PolicyMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecipientAccountId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PolicyId = table.Column<int>(type: "integer", nullable: true),
                    PolicyName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    AccountIds = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    ResourceCount = table.Column<int>(type: "integer", nullable: false),
                    ResourceIds = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    Outcome = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false, collation: "C"),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Read = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyMessages_Accounts_RecipientAccountId",
                        column: x => x.RecipientAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductExclusions",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    Product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ExcludedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductExclusions", x => new { x.AccountId, x.Product });
                    table.ForeignKey(
                        name: "FK_ProductExclusions_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProtectionPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnerAccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Paused = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtectionPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProtectionPolicies_Accounts_OwnerAccountId",
                        column: x => x.OwnerAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ResourceDirectories",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    ManagementAccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    RootFolderId = table.Column<string>(type: "character varying(32)", nullable: false, collation: "C"),
                    EnabledAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceDirectories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResourceDirectories_Accounts_ManagementAccountId",
                        column: x => x.ManagementAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ResourceDirectories_Folders_RootFolderId",
                        column: x => x.RootFolderId,
                        principalTable: "Folders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ResourceGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnerAccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    MatchMode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResourceGroups_Accounts_OwnerAccountId",
                        column: x => x.OwnerAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Resources",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    RegionId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    ZoneId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    CloudBackupEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    CloudBackupPlanName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true, collation: "C"),
                    BackupVaultReplication = table.Column<bool>(type: "boolean", nullable: false),
                    ProtectionStatus = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    PolicyGrants = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    PolicyRecycleBinRetentionDays = table.Column<int>(type: "integer", nullable: true),
                    Score = table.Column<double>(type: "double precision", nullable: true),
                    CheckedAt = table.Column<long>(type: "bigint", nullable: true),
                    RiskCount = table.Column<int>(type: "integer", nullable: false),
                    HighRiskCount = table.Column<int>(type: "integer", nullable: false),
                    HasCheckFailed = table.Column<bool>(type: "boolean", nullable: false),
                    OutcomeHash = table.Column<long>(type: "bigint", nullable: true),
                    ChangesSinceDetection = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    ValidUntil = table.Column<long>(type: "bigint", nullable: true),
                    ExcludedFromChecks = table.Column<bool>(type: "boolean", nullable: false),
                    CheckError = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    TagText = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    InstanceType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    FileBackupEnabled = table.Column<bool>(type: "boolean", nullable: true),
                    DatabaseBackupEnabled = table.Column<bool>(type: "boolean", nullable: true),
                    FileSystemType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RecycleBinEnabled = table.Column<bool>(type: "boolean", nullable: true),
                    RecycleBinRetentionDays = table.Column<int>(type: "integer", nullable: true),
                    CapacityGiB = table.Column<long>(type: "bigint", nullable: true),
                    StorageClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Redundancy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ConvertingSince = table.Column<long>(type: "bigint", nullable: true),
                    VersioningEnabled = table.Column<bool>(type: "boolean", nullable: true),
                    CrossRegionReplication = table.Column<bool>(type: "boolean", nullable: true),
                    StorageBytes = table.Column<long>(type: "bigint", nullable: true),
                    TablestoreInstance_Redundancy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Resources", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Resources_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScoreSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    Day = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    TakenAt = table.Column<long>(type: "bigint", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: true),
                    ScoredResources = table.Column<int>(type: "integer", nullable: false),
                    Risks = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScoreSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScoreSnapshots_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceLinkedRoles",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(16)", nullable: false, collation: "C"),
                    RoleName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceLinkedRoles", x => new { x.AccountId, x.RoleName });
                    table.ForeignKey(
                        name: "FK_ServiceLinkedRoles_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TimePoints = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    DaysOfWeek = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    CrossRegionCopy = table.Column<bool>(type: "boolean", nullable: false),
                    CopyRetentionDays = table.Column<int>(type: "integer", nullable: true),
                    CronExpression = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    VaultReplication = table.Column<bool>(type: "boolean", nullable: false),
                    TargetRegionId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    RetentionDays = table.Column<int>(type: "integer", nullable: true),
                    NextRunAt = table.Column<long>(type: "bigint", nullable: true),
                    LastRunAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubPolicies_ProtectionPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "ProtectionPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PolicyGroupBindings",
                columns: table => new
                {
                    PolicyId = table.Column<int>(type: "integer", nullable: false),
                    ResourceGroupId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyGroupBindings", x => new { x.PolicyId, x.ResourceGroupId });
                    table.ForeignKey(
                        name: "FK_PolicyGroupBindings_ProtectionPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "ProtectionPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PolicyGroupBindings_ResourceGroups_ResourceGroupId",
                        column: x => x.ResourceGroupId,
                        principalTable: "ResourceGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TagConditions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ResourceGroupId = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Operator = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TagConditions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TagConditions_ResourceGroups_ResourceGroupId",
                        column: x => x.ResourceGroupId,
                        principalTable: "ResourceGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CheckResults",
                columns: table => new
                {
                    ResourceId = table.Column<string>(type: "character varying(64)", nullable: false, collation: "C"),
                    RuleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ResourceName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    Severity = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    FirstDetectedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastCheckedAt = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckResults", x => new { x.ResourceId, x.RuleId });
                    table.ForeignKey(
                        name: "FK_CheckResults_Resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "Resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EcsDisks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    InstanceId = table.Column<string>(type: "character varying(64)", nullable: false, collation: "C"),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SizeGiB = table.Column<int>(type: "integer", nullable: false),
                    AutoSnapshotPolicyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    SnapshotCrossRegionCopy = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EcsDisks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EcsDisks_Resources_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "Resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PolicyApplications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubPolicyId = table.Column<int>(type: "integer", nullable: false),
                    PolicyId = table.Column<int>(type: "integer", nullable: false),
                    ResourceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FailureReason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    TaskId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    Grants = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    RecycleBinRetentionDays = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyApplications_Resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "Resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PolicyApplications_SubPolicies_SubPolicyId",
                        column: x => x.SubPolicyId,
                        principalTable: "SubPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PolicyExecutions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyId = table.Column<int>(type: "integer", nullable: false),
                    SubPolicyId = table.Column<int>(type: "integer", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    EndedAt = table.Column<long>(type: "bigint", nullable: true),
                    ResourcesSucceeded = table.Column<int>(type: "integer", nullable: false),
                    ResourcesFailed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyExecutions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyExecutions_SubPolicies_SubPolicyId",
                        column: x => x.SubPolicyId,
                        principalTable: "SubPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RecoveryPoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ResourceId = table.Column<string>(type: "character varying(64)", nullable: false, collation: "C"),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    FailureReason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    SubPolicyId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecoveryPoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecoveryPoints_Resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "Resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RecoveryPoints_SubPolicies_SubPolicyId",
                        column: x => x.SubPolicyId,
                        principalTable: "SubPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_DisplayName",
                table: "Accounts",
                column: "DisplayName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_FolderId",
                table: "Accounts",
                column: "FolderId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_AccountId",
                table: "AspNetUsers",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActingAccountId_OccurredAt",
                table: "AuditEntries",
                columns: new[] { "ActingAccountId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CheckResults_AccountId_Status_Severity_Product",
                table: "CheckResults",
                columns: new[] { "AccountId", "Status", "Severity", "Product" });

            migrationBuilder.CreateIndex(
                name: "IX_CheckResults_Risks_ByFirstDetected",
                table: "CheckResults",
                columns: new[] { "FirstDetectedAt", "ResourceName", "RuleId", "AccountId", "Product" },
                filter: "\"Status\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_CheckResults_Risks_ByResource",
                table: "CheckResults",
                columns: new[] { "ResourceName", "RuleId", "AccountId", "Product" },
                filter: "\"Status\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_CheckResults_Risks_BySeverity",
                table: "CheckResults",
                columns: new[] { "Severity", "ResourceName", "RuleId", "AccountId", "Product" },
                descending: new[] { true, false, false, false, false },
                filter: "\"Status\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedAdministrators_AccountId",
                table: "DelegatedAdministrators",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_EcsDisks_InstanceId_AutoSnapshotPolicyId_SnapshotCrossRegio~",
                table: "EcsDisks",
                columns: new[] { "InstanceId", "AutoSnapshotPolicyId", "SnapshotCrossRegionCopy" });

            migrationBuilder.CreateIndex(
                name: "IX_Folders_ParentId_Name",
                table: "Folders",
                columns: new[] { "ParentId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ManagedAccounts_AccountId",
                table: "ManagedAccounts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ManagementTargets_AdministratorAccountId_Kind_TargetId",
                table: "ManagementTargets",
                columns: new[] { "AdministratorAccountId", "Kind", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyApplications_PolicyId_Status_AccountId",
                table: "PolicyApplications",
                columns: new[] { "PolicyId", "Status", "AccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyApplications_ResourceId_Status_Grants",
                table: "PolicyApplications",
                columns: new[] { "ResourceId", "Status", "Grants" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyApplications_SubPolicyId_ResourceId",
                table: "PolicyApplications",
                columns: new[] { "SubPolicyId", "ResourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyExecutions_PolicyId_StartedAt",
                table: "PolicyExecutions",
                columns: new[] { "PolicyId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyExecutions_SubPolicyId",
                table: "PolicyExecutions",
                column: "SubPolicyId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyGroupBindings_ResourceGroupId",
                table: "PolicyGroupBindings",
                column: "ResourceGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyMessages_RecipientAccountId_Id",
                table: "PolicyMessages",
                columns: new[] { "RecipientAccountId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyMessages_RecipientAccountId_Read_Id",
                table: "PolicyMessages",
                columns: new[] { "RecipientAccountId", "Read", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionPolicies_OwnerAccountId_Name",
                table: "ProtectionPolicies",
                columns: new[] { "OwnerAccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RecoveryPoints_ResourceId_CreatedAt",
                table: "RecoveryPoints",
                columns: new[] { "ResourceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecoveryPoints_ResourceId_Status_CreatedAt",
                table: "RecoveryPoints",
                columns: new[] { "ResourceId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecoveryPoints_SubPolicyId_CreatedAt",
                table: "RecoveryPoints",
                columns: new[] { "SubPolicyId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ResourceDirectories_ManagementAccountId",
                table: "ResourceDirectories",
                column: "ManagementAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ResourceDirectories_RootFolderId",
                table: "ResourceDirectories",
                column: "RootFolderId");

            migrationBuilder.CreateIndex(
                name: "IX_ResourceGroups_OwnerAccountId_Name",
                table: "ResourceGroups",
                columns: new[] { "OwnerAccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Resources_AccountId_ExcludedFromChecks_Product_Score_RiskCo~",
                table: "Resources",
                columns: new[] { "AccountId", "ExcludedFromChecks", "Product", "Score", "RiskCount", "HighRiskCount", "HasCheckFailed" });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_AccountId_TagText",
                table: "Resources",
                columns: new[] { "AccountId", "TagText" });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_Changed",
                table: "Resources",
                columns: new[] { "AccountId", "ChangesSinceDetection" },
                filter: "\"ChangesSinceDetection\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Resources_Product_AccountId_ProtectionStatus_RegionId_TagTe~",
                table: "Resources",
                columns: new[] { "Product", "AccountId", "ProtectionStatus", "RegionId", "TagText" });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_Product_Name",
                table: "Resources",
                columns: new[] { "Product", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_TopRisky",
                table: "Resources",
                columns: new[] { "Score", "HighRiskCount", "Name", "AccountId", "Product" },
                descending: new[] { false, true, false, false, false },
                filter: "\"RiskCount\" > 0 AND NOT \"ExcludedFromChecks\" AND \"Score\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Resources_ValidUntil",
                table: "Resources",
                columns: new[] { "ValidUntil", "AccountId" },
                filter: "\"ValidUntil\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ScoreSnapshots_AccountId_Day",
                table: "ScoreSnapshots",
                columns: new[] { "AccountId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubPolicies_NextRunAt",
                table: "SubPolicies",
                column: "NextRunAt");

            migrationBuilder.CreateIndex(
                name: "IX_SubPolicies_PolicyId",
                table: "SubPolicies",
                column: "PolicyId");

            migrationBuilder.CreateIndex(
                name: "IX_TagConditions_ResourceGroupId",
                table: "TagConditions",
                column: "ResourceGroupId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountProductScores");

            migrationBuilder.DropTable(
                name: "AccountRiskCounts");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "CheckResults");

            migrationBuilder.DropTable(
                name: "CrossAccountSettings");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DelegatedAdministrators");

            migrationBuilder.DropTable(
                name: "EcsDisks");

            migrationBuilder.DropTable(
                name: "ManagedAccounts");

            migrationBuilder.DropTable(
                name: "ManagementTargets");

            migrationBuilder.DropTable(
                name: "PolicyApplications");

            migrationBuilder.DropTable(
                name: "PolicyExecutions");

            migrationBuilder.DropTable(
                name: "PolicyGroupBindings");

            migrationBuilder.DropTable(
                name: "PolicyMessages");

            migrationBuilder.DropTable(
                name: "ProductExclusions");

            migrationBuilder.DropTable(
                name: "RecoveryPoints");

            migrationBuilder.DropTable(
                name: "ResourceDirectories");

            migrationBuilder.DropTable(
                name: "ScoreSnapshots");

            migrationBuilder.DropTable(
                name: "ServiceLinkedRoles");

            migrationBuilder.DropTable(
                name: "TagConditions");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Resources");

            migrationBuilder.DropTable(
                name: "SubPolicies");

            migrationBuilder.DropTable(
                name: "ResourceGroups");

            migrationBuilder.DropTable(
                name: "ProtectionPolicies");

            migrationBuilder.DropTable(
                name: "Accounts");

            migrationBuilder.DropTable(
                name: "Folders");
        }
    }
}
