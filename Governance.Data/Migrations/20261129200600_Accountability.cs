using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Data.Migrations
{
    /// <inheritdoc />
    public partial class Accountability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountabilityMeasures",
                columns: table => new
                {
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MeasureDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    NeedsReply = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReplyWorkingDays = table.Column<int>(type: "INTEGER", nullable: true),
                    ReplyText = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    RepliedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RepliedOnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountabilityMeasures", x => x.InstanceId);
                    table.ForeignKey(
                        name: "FK_AccountabilityMeasures_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AccountabilityMeasures_WorkflowInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "WorkflowInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Circulars",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GeneratedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    GeneratedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Circulars", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Circulars_InspectionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "InspectionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeasureInstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    LinkedInstanceId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureLinks_AccountabilityMeasures_MeasureInstanceId",
                        column: x => x.MeasureInstanceId,
                        principalTable: "AccountabilityMeasures",
                        principalColumn: "InstanceId",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeasureLinks_WorkflowInstances_LinkedInstanceId",
                        column: x => x.LinkedInstanceId,
                        principalTable: "WorkflowInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountabilityMeasures_UnitId_MeasureDate",
                table: "AccountabilityMeasures",
                columns: new[] { "UnitId", "MeasureDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Circulars_CampaignId",
                table: "Circulars",
                column: "CampaignId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Circulars_Year_Seq",
                table: "Circulars",
                columns: new[] { "Year", "Seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeasureLinks_LinkedInstanceId",
                table: "MeasureLinks",
                column: "LinkedInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_MeasureLinks_MeasureInstanceId_LinkedInstanceId",
                table: "MeasureLinks",
                columns: new[] { "MeasureInstanceId", "LinkedInstanceId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Circulars");

            migrationBuilder.DropTable(
                name: "MeasureLinks");

            migrationBuilder.DropTable(
                name: "AccountabilityMeasures");
        }
    }
}
