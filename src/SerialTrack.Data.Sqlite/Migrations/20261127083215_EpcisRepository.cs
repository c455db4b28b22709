using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SerialTrack.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EpcisRepository : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "epcis_captures",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    capture_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    error_behaviour = table.Column<int>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    event_count = table.Column<int>(type: "INTEGER", nullable: false),
                    stored_count = table.Column<int>(type: "INTEGER", nullable: false),
                    duplicate_count = table.Column<int>(type: "INTEGER", nullable: false),
                    errors = table.Column<string>(type: "TEXT", nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_captures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "epcis_stored_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    event_hash = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    action = table.Column<int>(type: "INTEGER", nullable: true),
                    event_time = table.Column<long>(type: "INTEGER", nullable: false),
                    event_time_zone_offset = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    record_time = table.Column<long>(type: "INTEGER", nullable: false),
                    biz_step = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    disposition = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    read_point = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    biz_location = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    capture_id = table.Column<long>(type: "INTEGER", nullable: true),
                    native_event_id = table.Column<long>(type: "INTEGER", nullable: true),
                    json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_stored_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_epcis_stored_events_epcis_captures_capture_id",
                        column: x => x.capture_id,
                        principalTable: "epcis_captures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_epcis_stored_events_events_native_event_id",
                        column: x => x.native_event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "epcis_event_epcs",
                columns: table => new
                {
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    epc = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    role = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_event_epcs", x => new { x.epc, x.role, x.event_id });
                    table.ForeignKey(
                        name: "FK_epcis_event_epcs_epcis_stored_events_event_id",
                        column: x => x.event_id,
                        principalTable: "epcis_stored_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "epcis_review_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    stored_event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    unit_id = table.Column<long>(type: "INTEGER", nullable: true),
                    epc = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_review_items", x => x.id);
                    table.ForeignKey(
                        name: "FK_epcis_review_items_epcis_stored_events_stored_event_id",
                        column: x => x.stored_event_id,
                        principalTable: "epcis_stored_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_epcis_review_items_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_captures_capture_id",
                table: "epcis_captures",
                column: "capture_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_epcis_event_epcs_event_id",
                table: "epcis_event_epcs",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "IX_epcis_review_items_stored_event_id",
                table: "epcis_review_items",
                column: "stored_event_id");

            migrationBuilder.CreateIndex(
                name: "IX_epcis_review_items_unit_id_resolved_at",
                table: "epcis_review_items",
                columns: new[] { "unit_id", "resolved_at" });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_biz_location",
                table: "epcis_stored_events",
                column: "biz_location");

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_biz_step",
                table: "epcis_stored_events",
                column: "biz_step");

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_capture_id",
                table: "epcis_stored_events",
                column: "capture_id");

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_disposition",
                table: "epcis_stored_events",
                column: "disposition");

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_event_hash",
                table: "epcis_stored_events",
                column: "event_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_event_id",
                table: "epcis_stored_events",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_event_time_id",
                table: "epcis_stored_events",
                columns: new[] { "event_time", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_native_event_id",
                table: "epcis_stored_events",
                column: "native_event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_read_point",
                table: "epcis_stored_events",
                column: "read_point");

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_record_time_id",
                table: "epcis_stored_events",
                columns: new[] { "record_time", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "epcis_event_epcs");

            migrationBuilder.DropTable(
                name: "epcis_review_items");

            migrationBuilder.DropTable(
                name: "epcis_stored_events");

            migrationBuilder.DropTable(
                name: "epcis_captures");
        }
    }
}
