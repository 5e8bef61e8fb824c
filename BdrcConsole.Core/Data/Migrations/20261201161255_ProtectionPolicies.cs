using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProtectionPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PolicyGrants",
                table: "Resources",
                type: "INTEGER",
                maxLength: 32,
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PolicyRecycleBinRetentionDays",
                table: "Resources",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SubPolicyId",
                table: "RecoveryPoints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PolicyMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecipientAccountId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PolicyId = table.Column<int>(type: "INTEGER", nullable: true),
                    PolicyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountIds = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ResourceCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ResourceIds = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Read = table.Column<bool>(type: "INTEGER", nullable: false)
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
                name: "ProtectionPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerAccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Paused = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "PolicyGroupBindings",
                columns: table => new
                {
                    PolicyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ResourceGroupId = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "SubPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PolicyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TimePoints = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DaysOfWeek = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CrossRegionCopy = table.Column<bool>(type: "INTEGER", nullable: false),
                    CopyRetentionDays = table.Column<int>(type: "INTEGER", nullable: true),
                    CronExpression = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    VaultReplication = table.Column<bool>(type: "INTEGER", nullable: false),
                    TargetRegionId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: true),
                    NextRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                name: "PolicyApplications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubPolicyId = table.Column<int>(type: "INTEGER", nullable: false),
                    PolicyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ResourceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Grants = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    RecycleBinRetentionDays = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PolicyId = table.Column<int>(type: "INTEGER", nullable: false),
                    SubPolicyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResourcesSucceeded = table.Column<int>(type: "INTEGER", nullable: false),
                    ResourcesFailed = table.Column<int>(type: "INTEGER", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_RecoveryPoints_SubPolicyId_CreatedAt",
                table: "RecoveryPoints",
                columns: new[] { "SubPolicyId", "CreatedAt" });

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
                name: "IX_SubPolicies_NextRunAt",
                table: "SubPolicies",
                column: "NextRunAt");

            migrationBuilder.CreateIndex(
                name: "IX_SubPolicies_PolicyId",
                table: "SubPolicies",
                column: "PolicyId");

            migrationBuilder.AddForeignKey(
                name: "FK_RecoveryPoints_SubPolicies_SubPolicyId",
                table: "RecoveryPoints",
                column: "SubPolicyId",
                principalTable: "SubPolicies",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_RecoveryPoints_SubPolicies_SubPolicyId",
                table: "RecoveryPoints");

            migrationBuilder.DropTable(
                name: "PolicyApplications");

            migrationBuilder.DropTable(
                name: "PolicyExecutions");

            migrationBuilder.DropTable(
                name: "PolicyGroupBindings");

            migrationBuilder.DropTable(
                name: "PolicyMessages");

            migrationBuilder.DropTable(
                name: "SubPolicies");

            migrationBuilder.DropTable(
                name: "ProtectionPolicies");

            migrationBuilder.DropIndex(
                name: "IX_RecoveryPoints_SubPolicyId_CreatedAt",
                table: "RecoveryPoints");

            migrationBuilder.DropColumn(
                name: "PolicyGrants",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "PolicyRecycleBinRetentionDays",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "SubPolicyId",
                table: "RecoveryPoints");
        }
    }
}
