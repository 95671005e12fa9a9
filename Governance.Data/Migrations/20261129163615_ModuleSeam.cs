using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations
{
    /// <inheritdoc />
    public partial class ModuleSeam : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "HandlingUnitId",
                table: "WorkflowInstances",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WaitingForRole",
                table: "InstanceParticipants",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_HandlingUnitId_DefinitionKey",
                table: "WorkflowInstances",
                columns: new[] { "HandlingUnitId", "DefinitionKey" });

            migrationBuilder.CreateIndex(
                name: "IX_InstanceParticipants_UnitId_WaitingForRole",
                table: "InstanceParticipants",
                columns: new[] { "UnitId", "WaitingForRole" });

            migrationBuilder.AddForeignKey(
                name: "FK_WorkflowInstances_Units_HandlingUnitId",
                table: "WorkflowInstances",
                column: "HandlingUnitId",
                principalTable: "Units",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WorkflowInstances_Units_HandlingUnitId",
                table: "WorkflowInstances");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_HandlingUnitId_DefinitionKey",
                table: "WorkflowInstances");

            migrationBuilder.DropIndex(
                name: "IX_InstanceParticipants_UnitId_WaitingForRole",
                table: "InstanceParticipants");

            migrationBuilder.DropColumn(
                name: "HandlingUnitId",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "WaitingForRole",
                table: "InstanceParticipants");
        }
    }
}
