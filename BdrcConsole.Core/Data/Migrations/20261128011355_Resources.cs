using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Resources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ResourceGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerAccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    MatchMode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RegionId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ZoneId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CloudBackupEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CloudBackupPlanName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    BackupVaultReplication = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProtectionStatus = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    TagText = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    InstanceType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    FileBackupEnabled = table.Column<bool>(type: "INTEGER", nullable: true),
                    DatabaseBackupEnabled = table.Column<bool>(type: "INTEGER", nullable: true),
                    FileSystemType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RecycleBinEnabled = table.Column<bool>(type: "INTEGER", nullable: true),
                    RecycleBinRetentionDays = table.Column<int>(type: "INTEGER", nullable: true),
                    CapacityGiB = table.Column<long>(type: "INTEGER", nullable: true),
                    StorageClass = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Redundancy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ConvertingSince = table.Column<long>(type: "INTEGER", nullable: true),
                    VersioningEnabled = table.Column<bool>(type: "INTEGER", nullable: true),
                    CrossRegionReplication = table.Column<bool>(type: "INTEGER", nullable: true),
                    StorageBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    TablestoreInstance_Redundancy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
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
                name: "TagConditions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceGroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Operator = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
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
                name: "EcsDisks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SizeGiB = table.Column<int>(type: "INTEGER", nullable: false),
                    AutoSnapshotPolicyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SnapshotCrossRegionCopy = table.Column<bool>(type: "INTEGER", nullable: false)
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
                name: "RecoveryPoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
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
                });

            migrationBuilder.CreateIndex(
                name: "IX_EcsDisks_InstanceId",
                table: "EcsDisks",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_RecoveryPoints_ResourceId_CreatedAt",
                table: "RecoveryPoints",
                columns: new[] { "ResourceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ResourceGroups_OwnerAccountId_Name",
                table: "ResourceGroups",
                columns: new[] { "OwnerAccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Resources_AccountId_TagText",
                table: "Resources",
                columns: new[] { "AccountId", "TagText" });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_Product_AccountId_ProtectionStatus_RegionId_TagText",
                table: "Resources",
                columns: new[] { "Product", "AccountId", "ProtectionStatus", "RegionId", "TagText" });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_Product_Name",
                table: "Resources",
                columns: new[] { "Product", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_TagConditions_ResourceGroupId",
                table: "TagConditions",
                column: "ResourceGroupId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EcsDisks");

            migrationBuilder.DropTable(
                name: "RecoveryPoints");

            migrationBuilder.DropTable(
                name: "TagConditions");

            migrationBuilder.DropTable(
                name: "Resources");

            migrationBuilder.DropTable(
                name: "ResourceGroups");
        }
    }
}
