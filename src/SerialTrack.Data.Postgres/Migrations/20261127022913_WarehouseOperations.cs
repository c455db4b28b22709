using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SerialTrack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WarehouseOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "handling_instructions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: true),
                    category = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    processes = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_handling_instructions", x => x.id);
                    table.ForeignKey(
                        name: "FK_handling_instructions_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_handling_instructions_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_handling_instructions_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "product_substitutes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    substitute_product_id = table.Column<long>(type: "bigint", nullable: false),
                    both_ways = table.Column<bool>(type: "boolean", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    conditions = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_product_substitutes", x => x.id);
                    table.ForeignKey(
                        name: "FK_product_substitutes_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_product_substitutes_products_substitute_product_id",
                        column: x => x.substitute_product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "saved_groups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    filter = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tags", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "instruction_acknowledgements",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    instruction_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    acknowledged_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_instruction_acknowledgements", x => x.id);
                    table.ForeignKey(
                        name: "FK_instruction_acknowledgements_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_instruction_acknowledgements_handling_instructions_instruct~",
                        column: x => x.instruction_id,
                        principalTable: "handling_instructions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_instruction_acknowledgements_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_instruction_acknowledgements_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "warehouse_tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    assignee = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    zone_location_id = table.Column<long>(type: "bigint", nullable: true),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    order_id = table.Column<long>(type: "bigint", nullable: true),
                    group_id = table.Column<long>(type: "bigint", nullable: true),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_worked_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_warehouse_tasks", x => x.id);
                    table.ForeignKey(
                        name: "FK_warehouse_tasks_locations_zone_location_id",
                        column: x => x.zone_location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_warehouse_tasks_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_warehouse_tasks_saved_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "saved_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lot_tags",
                columns: table => new
                {
                    tag_id = table.Column<long>(type: "bigint", nullable: false),
                    lot_id = table.Column<long>(type: "bigint", nullable: false),
                    added_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lot_tags", x => new { x.tag_id, x.lot_id });
                    table.ForeignKey(
                        name: "FK_lot_tags_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lot_tags_tags_tag_id",
                        column: x => x.tag_id,
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "unit_tags",
                columns: table => new
                {
                    tag_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: false),
                    added_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_tags", x => new { x.tag_id, x.unit_id });
                    table.ForeignKey(
                        name: "FK_unit_tags_tags_tag_id",
                        column: x => x.tag_id,
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_unit_tags_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "task_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    task_id = table.Column<long>(type: "bigint", nullable: false),
                    line_no = table.Column<int>(type: "integer", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: true),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    from_location_id = table.Column<long>(type: "bigint", nullable: true),
                    to_location_id = table.Column<long>(type: "bigint", nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    done_quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    counted_quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    exception_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    done_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    event_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_lines", x => x.id);
                    table.ForeignKey(
                        name: "FK_task_lines_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_lines_locations_from_location_id",
                        column: x => x.from_location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_lines_locations_to_location_id",
                        column: x => x.to_location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_lines_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_lines_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_lines_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_lines_warehouse_tasks_task_id",
                        column: x => x.task_id,
                        principalTable: "warehouse_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "task_scans",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    task_id = table.Column<long>(type: "bigint", nullable: false),
                    task_line_id = table.Column<long>(type: "bigint", nullable: true),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    location_id = table.Column<long>(type: "bigint", nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    scanned_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    scanned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_scans", x => x.id);
                    table.ForeignKey(
                        name: "FK_task_scans_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_scans_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_scans_task_lines_task_line_id",
                        column: x => x.task_line_id,
                        principalTable: "task_lines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_scans_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_task_scans_warehouse_tasks_task_id",
                        column: x => x.task_id,
                        principalTable: "warehouse_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_handling_instructions_category",
                table: "handling_instructions",
                column: "category");

            migrationBuilder.CreateIndex(
                name: "IX_handling_instructions_lot_id",
                table: "handling_instructions",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_handling_instructions_product_id",
                table: "handling_instructions",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "IX_handling_instructions_unit_id",
                table: "handling_instructions",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_instruction_acknowledgements_event_id",
                table: "instruction_acknowledgements",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "IX_instruction_acknowledgements_instruction_id_lot_id",
                table: "instruction_acknowledgements",
                columns: new[] { "instruction_id", "lot_id" });

            migrationBuilder.CreateIndex(
                name: "IX_instruction_acknowledgements_instruction_id_unit_id",
                table: "instruction_acknowledgements",
                columns: new[] { "instruction_id", "unit_id" });

            migrationBuilder.CreateIndex(
                name: "IX_instruction_acknowledgements_lot_id",
                table: "instruction_acknowledgements",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_instruction_acknowledgements_unit_id",
                table: "instruction_acknowledgements",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_lot_tags_lot_id",
                table: "lot_tags",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_product_substitutes_product_id_substitute_product_id",
                table: "product_substitutes",
                columns: new[] { "product_id", "substitute_product_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_product_substitutes_substitute_product_id",
                table: "product_substitutes",
                column: "substitute_product_id");

            migrationBuilder.CreateIndex(
                name: "IX_saved_groups_name",
                table: "saved_groups",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tags_name",
                table: "tags",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_task_lines_event_id",
                table: "task_lines",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_lines_from_location_id",
                table: "task_lines",
                column: "from_location_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_lines_lot_id",
                table: "task_lines",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_lines_product_id",
                table: "task_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_lines_task_id_line_no",
                table: "task_lines",
                columns: new[] { "task_id", "line_no" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_task_lines_to_location_id",
                table: "task_lines",
                column: "to_location_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_lines_unit_id",
                table: "task_lines",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_scans_location_id",
                table: "task_scans",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_scans_lot_id",
                table: "task_scans",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_scans_task_id_id",
                table: "task_scans",
                columns: new[] { "task_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_task_scans_task_line_id",
                table: "task_scans",
                column: "task_line_id");

            migrationBuilder.CreateIndex(
                name: "IX_task_scans_unit_id",
                table: "task_scans",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_unit_tags_unit_id",
                table: "unit_tags",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_tasks_group_id",
                table: "warehouse_tasks",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_tasks_number",
                table: "warehouse_tasks",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_tasks_order_id",
                table: "warehouse_tasks",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_tasks_status_assignee",
                table: "warehouse_tasks",
                columns: new[] { "status", "assignee" });

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_tasks_status_zone_location_id",
                table: "warehouse_tasks",
                columns: new[] { "status", "zone_location_id" });

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_tasks_zone_location_id",
                table: "warehouse_tasks",
                column: "zone_location_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "instruction_acknowledgements");

            migrationBuilder.DropTable(
                name: "lot_tags");

            migrationBuilder.DropTable(
                name: "product_substitutes");

            migrationBuilder.DropTable(
                name: "task_scans");

            migrationBuilder.DropTable(
                name: "unit_tags");

            migrationBuilder.DropTable(
                name: "handling_instructions");

            migrationBuilder.DropTable(
                name: "task_lines");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "warehouse_tasks");

            migrationBuilder.DropTable(
                name: "saved_groups");
        }
    }
}
