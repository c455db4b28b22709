using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SerialTrack.Data.Postgres.Migrations
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    capture_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    error_behaviour = table.Column<int>(type: "integer", nullable: false),
                    actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    event_count = table.Column<int>(type: "integer", nullable: false),
                    stored_count = table.Column<int>(type: "integer", nullable: false),
                    duplicate_count = table.Column<int>(type: "integer", nullable: false),
                    errors = table.Column<string>(type: "text", nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_captures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "epcis_stored_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    event_hash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    type = table.Column<int>(type: "integer", nullable: false),
                    action = table.Column<int>(type: "integer", nullable: true),
                    event_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    event_time_zone_offset = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    record_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    biz_step = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    disposition = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    read_point = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    biz_location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    capture_id = table.Column<long>(type: "bigint", nullable: true),
                    native_event_id = table.Column<long>(type: "bigint", nullable: true),
                    json = table.Column<string>(type: "text", nullable: false)
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
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    epc = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    role = table.Column<int>(type: "integer", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    stored_event_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    epc = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
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
