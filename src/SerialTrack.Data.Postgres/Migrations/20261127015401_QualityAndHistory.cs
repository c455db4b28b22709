using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SerialTrack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class QualityAndHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "complaint_attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    complaint_id = table.Column<long>(type: "bigint", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    added_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_attachments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "complaint_notes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    complaint_id = table.Column<long>(type: "bigint", nullable: false),
                    author = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_notes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "complaints",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    customer_party_id = table.Column<long>(type: "bigint", nullable: true),
                    symptom = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    reported_on = table.Column<DateOnly>(type: "date", nullable: false),
                    failed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    root_cause_lot_id = table.Column<long>(type: "bigint", nullable: true),
                    root_cause_unit_id = table.Column<long>(type: "bigint", nullable: true),
                    root_cause_station_id = table.Column<long>(type: "bigint", nullable: true),
                    root_cause_supplier_id = table.Column<long>(type: "bigint", nullable: true),
                    root_cause = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    recall_id = table.Column<long>(type: "bigint", nullable: true),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaints", x => x.id);
                    table.ForeignKey(
                        name: "FK_complaints_locations_root_cause_station_id",
                        column: x => x.root_cause_station_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_complaints_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_complaints_lots_root_cause_lot_id",
                        column: x => x.root_cause_lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_complaints_parties_customer_party_id",
                        column: x => x.customer_party_id,
                        principalTable: "parties",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_complaints_parties_root_cause_supplier_id",
                        column: x => x.root_cause_supplier_id,
                        principalTable: "parties",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_complaints_units_root_cause_unit_id",
                        column: x => x.root_cause_unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_complaints_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "recalls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    root_kind = table.Column<int>(type: "integer", nullable: false),
                    root = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    root_parameters = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    complaint_id = table.Column<long>(type: "bigint", nullable: true),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    scoped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    activated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recalls", x => x.id);
                    table.ForeignKey(
                        name: "FK_recalls_complaints_complaint_id",
                        column: x => x.complaint_id,
                        principalTable: "complaints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "recall_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    recall_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    customer_party_id = table.Column<long>(type: "bigint", nullable: true),
                    in_stock = table.Column<bool>(type: "boolean", nullable: false),
                    fate = table.Column<int>(type: "integer", nullable: false),
                    fate_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    fate_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    fate_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    out_of_scope = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recall_items", x => x.id);
                    table.ForeignKey(
                        name: "FK_recall_items_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_recall_items_parties_customer_party_id",
                        column: x => x.customer_party_id,
                        principalTable: "parties",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_recall_items_recalls_recall_id",
                        column: x => x.recall_id,
                        principalTable: "recalls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_recall_items_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_events_actor_event_time",
                table: "events",
                columns: new[] { "actor", "event_time" });

            migrationBuilder.CreateIndex(
                name: "IX_events_destination_party_id_event_time",
                table: "events",
                columns: new[] { "destination_party_id", "event_time" });

            migrationBuilder.CreateIndex(
                name: "IX_events_source_party_id_event_time",
                table: "events",
                columns: new[] { "source_party_id", "event_time" });

            migrationBuilder.CreateIndex(
                name: "IX_events_type_event_time",
                table: "events",
                columns: new[] { "type", "event_time" });

            migrationBuilder.CreateIndex(
                name: "IX_complaint_attachments_complaint_id",
                table: "complaint_attachments",
                column: "complaint_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaint_notes_complaint_id",
                table: "complaint_notes",
                column: "complaint_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_customer_party_id",
                table: "complaints",
                column: "customer_party_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_lot_id",
                table: "complaints",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_number",
                table: "complaints",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_complaints_recall_id",
                table: "complaints",
                column: "recall_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_root_cause_lot_id",
                table: "complaints",
                column: "root_cause_lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_root_cause_station_id",
                table: "complaints",
                column: "root_cause_station_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_root_cause_supplier_id",
                table: "complaints",
                column: "root_cause_supplier_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_root_cause_unit_id",
                table: "complaints",
                column: "root_cause_unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_status_reported_on",
                table: "complaints",
                columns: new[] { "status", "reported_on" });

            migrationBuilder.CreateIndex(
                name: "IX_complaints_unit_id",
                table: "complaints",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_recall_items_customer_party_id",
                table: "recall_items",
                column: "customer_party_id");

            migrationBuilder.CreateIndex(
                name: "IX_recall_items_lot_id",
                table: "recall_items",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_recall_items_recall_id_fate",
                table: "recall_items",
                columns: new[] { "recall_id", "fate" });

            migrationBuilder.CreateIndex(
                name: "IX_recall_items_recall_id_lot_id",
                table: "recall_items",
                columns: new[] { "recall_id", "lot_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recall_items_recall_id_unit_id",
                table: "recall_items",
                columns: new[] { "recall_id", "unit_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recall_items_unit_id",
                table: "recall_items",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_recalls_complaint_id",
                table: "recalls",
                column: "complaint_id");

            migrationBuilder.CreateIndex(
                name: "IX_recalls_number",
                table: "recalls",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recalls_status",
                table: "recalls",
                column: "status");

            migrationBuilder.AddForeignKey(
                name: "FK_complaint_attachments_complaints_complaint_id",
                table: "complaint_attachments",
                column: "complaint_id",
                principalTable: "complaints",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_complaint_notes_complaints_complaint_id",
                table: "complaint_notes",
                column: "complaint_id",
                principalTable: "complaints",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_complaints_recalls_recall_id",
                table: "complaints",
                column: "recall_id",
                principalTable: "recalls",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_recalls_complaints_complaint_id",
                table: "recalls");

            migrationBuilder.DropTable(
                name: "complaint_attachments");

            migrationBuilder.DropTable(
                name: "complaint_notes");

            migrationBuilder.DropTable(
                name: "recall_items");

            migrationBuilder.DropTable(
                name: "complaints");

            migrationBuilder.DropTable(
                name: "recalls");

            migrationBuilder.DropIndex(
                name: "IX_events_actor_event_time",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_destination_party_id_event_time",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_source_party_id_event_time",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_type_event_time",
                table: "events");
        }
    }
}
