using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DetectionFingerprints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EcsDisks_InstanceId",
                table: "EcsDisks");

            migrationBuilder.AddColumn<long>(
                name: "OutcomeHash",
                table: "Resources",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RecoveryPoints_ResourceId_Status_CreatedAt",
                table: "RecoveryPoints",
                columns: new[] { "ResourceId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EcsDisks_InstanceId_AutoSnapshotPolicyId_SnapshotCrossRegionCopy",
                table: "EcsDisks",
                columns: new[] { "InstanceId", "AutoSnapshotPolicyId", "SnapshotCrossRegionCopy" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RecoveryPoints_ResourceId_Status_CreatedAt",
                table: "RecoveryPoints");

            migrationBuilder.DropIndex(
                name: "IX_EcsDisks_InstanceId_AutoSnapshotPolicyId_SnapshotCrossRegionCopy",
                table: "EcsDisks");

            migrationBuilder.DropColumn(
                name: "OutcomeHash",
                table: "Resources");

            migrationBuilder.CreateIndex(
                name: "IX_EcsDisks_InstanceId",
                table: "EcsDisks",
                column: "InstanceId");
        }
    }
}
