using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations
{
    /// <inheritdoc />
    public partial class VolumeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CitizenMessages_RepliedByUnitId_RepliedOnTime",
                table: "CitizenMessages",
                columns: new[] { "RepliedByUnitId", "RepliedOnTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CitizenMessages_RepliedByUnitId_RepliedOnTime",
                table: "CitizenMessages");
        }
    }
}
