using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresDayFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FigureDays",
                columns: table => new
                {
                    Family = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    BuiltAtUtc = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FigureDays", x => new { x.Family, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "FindingClosedDayFigures",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Closed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingClosedDayFigures", x => new { x.Day, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "FindingDayFigures",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Raised = table.Column<int>(type: "integer", nullable: false),
                    Closed = table.Column<int>(type: "integer", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Repeats = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingDayFigures", x => new { x.Day, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "FindingUnitTotals",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Raised = table.Column<int>(type: "integer", nullable: false),
                    Closed = table.Column<int>(type: "integer", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Repeats = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingUnitTotals", x => x.UnitId);
                });

            migrationBuilder.CreateTable(
                name: "MessageDayFigures",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Received = table.Column<int>(type: "integer", nullable: false),
                    Assigned = table.Column<int>(type: "integer", nullable: false),
                    Replied = table.Column<int>(type: "integer", nullable: false),
                    RepliedOnTime = table.Column<int>(type: "integer", nullable: false),
                    RepliedLate = table.Column<int>(type: "integer", nullable: false),
                    Extended = table.Column<int>(type: "integer", nullable: false),
                    Invalid = table.Column<int>(type: "integer", nullable: false),
                    Returned = table.Column<int>(type: "integer", nullable: false),
                    DaysFromAssignmentSum = table.Column<long>(type: "bigint", nullable: false),
                    DaysFromAssignmentCount = table.Column<int>(type: "integer", nullable: false),
                    DaysFromReceiptSum = table.Column<long>(type: "bigint", nullable: false),
                    DaysFromReceiptCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageDayFigures", x => new { x.Day, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "MessageMonthFigures",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Received = table.Column<int>(type: "integer", nullable: false),
                    Assigned = table.Column<int>(type: "integer", nullable: false),
                    Replied = table.Column<int>(type: "integer", nullable: false),
                    RepliedOnTime = table.Column<int>(type: "integer", nullable: false),
                    RepliedLate = table.Column<int>(type: "integer", nullable: false),
                    Extended = table.Column<int>(type: "integer", nullable: false),
                    Invalid = table.Column<int>(type: "integer", nullable: false),
                    Returned = table.Column<int>(type: "integer", nullable: false),
                    DaysFromAssignmentSum = table.Column<long>(type: "bigint", nullable: false),
                    DaysFromAssignmentCount = table.Column<int>(type: "integer", nullable: false),
                    DaysFromReceiptSum = table.Column<long>(type: "bigint", nullable: false),
                    DaysFromReceiptCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageMonthFigures", x => new { x.Month, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "ReplyDayFigures",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Replied = table.Column<int>(type: "integer", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    Late = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyDayFigures", x => new { x.Day, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "ReplyUnitTotals",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Replied = table.Column<int>(type: "integer", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    Late = table.Column<int>(type: "integer", nullable: false)
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
