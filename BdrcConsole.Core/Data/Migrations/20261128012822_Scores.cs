using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Scores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CheckError",
                table: "Resources",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CheckedAt",
                table: "Resources",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ExcludedFromChecks",
                table: "Resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "Score",
                table: "Resources",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CheckResults",
                columns: table => new
                {
                    ResourceId = table.Column<string>(type: "TEXT", nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    FirstDetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastCheckedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
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
                name: "ProductExclusions",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ExcludedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "ScoreSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Day = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TakenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: true),
                    ScoredResources = table.Column<int>(type: "INTEGER", nullable: false),
                    Risks = table.Column<int>(type: "INTEGER", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_Resources_AccountId_Product_ExcludedFromChecks_Score",
                table: "Resources",
                columns: new[] { "AccountId", "Product", "ExcludedFromChecks", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_CheckResults_AccountId_Status_Severity_Product",
                table: "CheckResults",
                columns: new[] { "AccountId", "Status", "Severity", "Product" });

            migrationBuilder.CreateIndex(
                name: "IX_ScoreSnapshots_AccountId_Day",
                table: "ScoreSnapshots",
                columns: new[] { "AccountId", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CheckResults");

            migrationBuilder.DropTable(
                name: "ProductExclusions");

            migrationBuilder.DropTable(
                name: "ScoreSnapshots");

            migrationBuilder.DropIndex(
                name: "IX_Resources_AccountId_Product_ExcludedFromChecks_Score",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "CheckError",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "CheckedAt",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "ExcludedFromChecks",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "Score",
                table: "Resources");
        }
    }
}
