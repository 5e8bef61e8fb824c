using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScoresWithoutCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Resources_AccountId_ExcludedFromChecks_Product_Score_RiskCount_HighRiskCount_HasCheckFailed",
                table: "Resources");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Resources_AccountId_ExcludedFromChecks_Product_Score_RiskCount_HighRiskCount_HasCheckFailed",
                table: "Resources",
                columns: new[] { "AccountId", "ExcludedFromChecks", "Product", "Score", "RiskCount", "HighRiskCount", "HasCheckFailed" });
        }
    }
}
