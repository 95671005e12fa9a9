using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations
{
    /// <inheritdoc />
    public partial class InstanceDueAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DueAtUtc",
                table: "WorkflowInstances",
                type: "TEXT",
                nullable: true);

            // Existing items: the due time of their open deadline (plain SQL that SQLite and PostgreSQL both read).
            migrationBuilder.Sql("""
                UPDATE "WorkflowInstances" SET "DueAtUtc" = (
                    SELECT d."DueAtUtc" FROM "Deadlines" AS d
                    WHERE d."InstanceId" = "WorkflowInstances"."Id" AND d."ClosedAtUtc" IS NULL
                    ORDER BY d."StateEntrySeq" DESC LIMIT 1);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_DefinitionKey_DueAtUtc",
                table: "WorkflowInstances",
                columns: new[] { "DefinitionKey", "DueAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_DefinitionKey_DueAtUtc",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "DueAtUtc",
                table: "WorkflowInstances");
        }
    }
}
