using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations
{
    /// <inheritdoc />
    public partial class DayFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FigureDays",
                columns: table => new
                {
                    Family = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    BuiltAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FigureDays", x => new { x.Family, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "FindingClosedDayFigures",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingClosedDayFigures", x => new { x.Day, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "FindingDayFigures",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Raised = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Repeats = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingDayFigures", x => new { x.Day, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "FindingUnitTotals",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Raised = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Repeats = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingUnitTotals", x => x.UnitId);
                });

            migrationBuilder.CreateTable(
                name: "MessageDayFigures",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Received = table.Column<int>(type: "INTEGER", nullable: false),
                    Assigned = table.Column<int>(type: "INTEGER", nullable: false),
                    Replied = table.Column<int>(type: "INTEGER", nullable: false),
                    RepliedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    RepliedLate = table.Column<int>(type: "INTEGER", nullable: false),
                    Extended = table.Column<int>(type: "INTEGER", nullable: false),
                    Invalid = table.Column<int>(type: "INTEGER", nullable: false),
                    Returned = table.Column<int>(type: "INTEGER", nullable: false),
                    DaysFromAssignmentSum = table.Column<long>(type: "INTEGER", nullable: false),
                    DaysFromAssignmentCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DaysFromReceiptSum = table.Column<long>(type: "INTEGER", nullable: false),
                    DaysFromReceiptCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageDayFigures", x => new { x.Day, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "MessageMonthFigures",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Received = table.Column<int>(type: "INTEGER", nullable: false),
                    Assigned = table.Column<int>(type: "INTEGER", nullable: false),
                    Replied = table.Column<int>(type: "INTEGER", nullable: false),
                    RepliedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    RepliedLate = table.Column<int>(type: "INTEGER", nullable: false),
                    Extended = table.Column<int>(type: "INTEGER", nullable: false),
                    Invalid = table.Column<int>(type: "INTEGER", nullable: false),
                    Returned = table.Column<int>(type: "INTEGER", nullable: false),
                    DaysFromAssignmentSum = table.Column<long>(type: "INTEGER", nullable: false),
                    DaysFromAssignmentCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DaysFromReceiptSum = table.Column<long>(type: "INTEGER", nullable: false),
                    DaysFromReceiptCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageMonthFigures", x => new { x.Month, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "ReplyDayFigures",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Replied = table.Column<int>(type: "INTEGER", nullable: false),
                    OnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Late = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyDayFigures", x => new { x.Day, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "ReplyUnitTotals",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Replied = table.Column<int>(type: "INTEGER", nullable: false),
                    OnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Late = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyUnitTotals", x => x.UnitId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Findings_ClosedAtUtc",
                table: "Findings",
                column: "ClosedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FigureDays");

            migrationBuilder.DropTable(
                name: "FindingClosedDayFigures");

            migrationBuilder.DropTable(
                name: "FindingDayFigures");

            migrationBuilder.DropTable(
                name: "FindingUnitTotals");

            migrationBuilder.DropTable(
                name: "MessageDayFigures");

            migrationBuilder.DropTable(
                name: "MessageMonthFigures");

            migrationBuilder.DropTable(
                name: "ReplyDayFigures");

            migrationBuilder.DropTable(
                name: "ReplyUnitTotals");

            migrationBuilder.DropIndex(
                name: "IX_Findings_ClosedAtUtc",
                table: "Findings");
        }
    }
}
