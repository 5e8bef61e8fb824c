using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class IncrementalDetection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every existing resource starts marked (1): the first detection after the upgrade evaluates them all
            // and gives each its ValidUntil; from then on detection follows the changes.
            migrationBuilder.AddColumn<int>(
                name: "ChangesSinceDetection",
                table: "Resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<long>(
                name: "ValidUntil",
                table: "Resources",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Resources_Changed",
                table: "Resources",
                columns: new[] { "AccountId", "ChangesSinceDetection" },
                filter: "\"ChangesSinceDetection\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Resources_ValidUntil",
                table: "Resources",
                columns: new[] { "ValidUntil", "AccountId" },
                filter: "\"ValidUntil\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Resources_Changed",
                table: "Resources");

            migrationBuilder.DropIndex(
                name: "IX_Resources_ValidUntil",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "ChangesSinceDetection",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "ValidUntil",
                table: "Resources");
        }
    }
}
