using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations
{
    /// <inheritdoc />
    public partial class CitizenMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CitizenMessages",
                columns: table => new
                {
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceRef = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CitizenName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CitizenPhone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    CitizenEmail = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FirstAssignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReplyDueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReturnCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionRequestedDays = table.Column<int>(type: "INTEGER", nullable: true),
                    ReplyText = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    RepliedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RepliedOnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    RepliedByUnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    IsInvalid = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CitizenMessages", x => x.InstanceId);
                    table.ForeignKey(
                        name: "FK_CitizenMessages_WorkflowInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "WorkflowInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CitizenMessages_ReceivedAtUtc",
                table: "CitizenMessages",
                column: "ReceivedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_CitizenMessages_RepliedAtUtc_InstanceId",
                table: "CitizenMessages",
                columns: new[] { "RepliedAtUtc", "InstanceId" });

            migrationBuilder.CreateIndex(
                name: "IX_CitizenMessages_SourceRef",
                table: "CitizenMessages",
                column: "SourceRef",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CitizenMessages");
        }
    }
}
