using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BdrcConsole.Core.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ResourcesExcludedOneByOne : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Resources_ExcludedOneByOne",
                table: "Resources",
                column: "Id",
                filter: "\"ExcludedFromChecks\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Resources_ExcludedOneByOne",
                table: "Resources");
        }
    }
}
