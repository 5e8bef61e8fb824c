using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ResourceRiskSummary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Resources_AccountId_Product_ExcludedFromChecks_Score",
                table: "Resources");

            migrationBuilder.AddColumn<bool>(
                name: "HasCheckFailed",
                table: "Resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "HighRiskCount",
                table: "Resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RiskCount",
                table: "Resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Resources_AccountId_ExcludedFromChecks_Product_Score_RiskCount_HighRiskCount_HasCheckFailed",
                table: "Resources",
                columns: new[] { "AccountId", "ExcludedFromChecks", "Product", "Score", "RiskCount", "HighRiskCount", "HasCheckFailed" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Resources_AccountId_ExcludedFromChecks_Product_Score_RiskCount_HighRiskCount_HasCheckFailed",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "HasCheckFailed",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "HighRiskCount",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "RiskCount",
                table: "Resources");

            migrationBuilder.CreateIndex(
                name: "IX_Resources_AccountId_Product_ExcludedFromChecks_Score",
                table: "Resources",
                columns: new[] { "AccountId", "Product", "ExcludedFromChecks", "Score" });
        }
    }
}
