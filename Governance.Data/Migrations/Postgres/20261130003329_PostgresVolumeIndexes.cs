using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresVolumeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DueAtUtc",
                table: "WorkflowInstances",
                type: "timestamp without time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_DefinitionKey_DueAtUtc",
                table: "WorkflowInstances",
                columns: new[] { "DefinitionKey", "DueAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CitizenMessages_RepliedByUnitId_RepliedOnTime",
                table: "CitizenMessages",
                columns: new[] { "RepliedByUnitId", "RepliedOnTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_DefinitionKey_DueAtUtc",
                table: "WorkflowInstances");

            migrationBuilder.DropIndex(
                name: "IX_CitizenMessages_RepliedByUnitId_RepliedOnTime",
                table: "CitizenMessages");

            migrationBuilder.DropColumn(
                name: "DueAtUtc",
                table: "WorkflowInstances");
        }
    }
}
