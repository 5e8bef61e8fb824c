using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RiskAggregates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResourceName",
                table: "CheckResults",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            // Existing risks take their resource's name; the aggregate tables are filled on start (DatabaseInitializer).
            migrationBuilder.Sql("UPDATE \"CheckResults\" SET \"ResourceName\" = (SELECT \"Name\" FROM \"Resources\" WHERE \"Resources\".\"Id\" = \"CheckResults\".\"ResourceId\");");

            migrationBuilder.CreateTable(
                name: "AccountProductScores",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Resources = table.Column<int>(type: "INTEGER", nullable: false),
                    ExcludedResources = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoredResources = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoreSum = table.Column<double>(type: "REAL", nullable: false),
                    RiskyResources = table.Column<int>(type: "INTEGER", nullable: false),
                    Risks = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckFailedResources = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoresUpTo60 = table.Column<int>(type: "INTEGER", nullable: false),
                    Scores61To69 = table.Column<int>(type: "INTEGER", nullable: false),
                    Scores70To79 = table.Column<int>(type: "INTEGER", nullable: false),
                    Scores80To94 = table.Column<int>(type: "INTEGER", nullable: false),
                    Scores95To100 = table.Column<int>(type: "INTEGER", nullable: false)
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
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    Risks = table.Column<int>(type: "INTEGER", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_Resources_TopRisky",
                table: "Resources",
                columns: new[] { "Score", "HighRiskCount", "Name", "AccountId", "Product" },
                descending: new[] { false, true, false, false, false },
                filter: "\"RiskCount\" > 0 AND \"ExcludedFromChecks\" = 0 AND \"Score\" IS NOT NULL");

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountProductScores");

            migrationBuilder.DropTable(
                name: "AccountRiskCounts");

            migrationBuilder.DropIndex(
                name: "IX_Resources_TopRisky",
                table: "Resources");

            migrationBuilder.DropIndex(
                name: "IX_CheckResults_Risks_ByFirstDetected",
                table: "CheckResults");

            migrationBuilder.DropIndex(
                name: "IX_CheckResults_Risks_ByResource",
                table: "CheckResults");

            migrationBuilder.DropIndex(
                name: "IX_CheckResults_Risks_BySeverity",
                table: "CheckResults");

            migrationBuilder.DropColumn(
                name: "ResourceName",
                table: "CheckResults");
        }
    }
}
