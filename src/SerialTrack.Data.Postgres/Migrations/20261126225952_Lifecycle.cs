using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace SerialTrack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_event_lots",
                table: "event_lots");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "shipped_at",
                table: "units",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "test_failed",
                table: "units",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "on_hold",
                table: "lots",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "test_failed",
                table: "lots",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "lots",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "order_line_id",
                table: "expected_serials",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "order_id",
                table: "events",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reason_code",
                table: "events",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "container_id",
                table: "event_units",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "location_id",
                table: "event_units",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "owner_party_id",
                table: "event_units",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "stage",
                table: "event_units",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "status",
                table: "event_units",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "line",
                table: "event_lots",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Earlier rows had one row per (event, lot, role): number them so the new key holds. The
            // append-only trigger is lifted for this one renumbering.
            migrationBuilder.Sql("ALTER TABLE event_lots DISABLE TRIGGER event_lots_append_only;");
            migrationBuilder.Sql("UPDATE event_lots e SET line = n.line FROM (SELECT ctid, row_number() OVER (PARTITION BY event_id ORDER BY lot_id, role) AS line FROM event_lots) n WHERE e.ctid = n.ctid;");
            migrationBuilder.Sql("ALTER TABLE event_lots ENABLE TRIGGER event_lots_append_only;");

            migrationBuilder.AddColumn<int>(
                name: "from_status",
                table: "event_lots",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "status",
                table: "event_lots",
                type: "integer",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "sscc",
                table: "containers",
                type: "character varying(18)",
                maxLength: 18,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "kind",
                table: "containers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "code",
                table: "containers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<long>(
                name: "last_event_id",
                table: "containers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "owner_party_id",
                table: "containers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "status",
                table: "containers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "containers",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddPrimaryKey(
                name: "PK_event_lots",
                table: "event_lots",
                columns: new[] { "event_id", "line" });

            migrationBuilder.CreateTable(
                name: "bom_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    assembly_product_id = table.Column<long>(type: "bigint", nullable: false),
                    component_product_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bom_lines", x => x.id);
                    table.ForeignKey(
                        name: "FK_bom_lines_products_assembly_product_id",
                        column: x => x.assembly_product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_bom_lines_products_component_product_id",
                        column: x => x.component_product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "container_lots",
                columns: table => new
                {
                    container_id = table.Column<long>(type: "bigint", nullable: false),
                    lot_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_container_lots", x => new { x.container_id, x.lot_id });
                    table.ForeignKey(
                        name: "FK_container_lots_containers_container_id",
                        column: x => x.container_id,
                        principalTable: "containers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_container_lots_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "event_containers",
                columns: table => new
                {
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    container_id = table.Column<long>(type: "bigint", nullable: false),
                    role = table.Column<int>(type: "integer", nullable: false),
                    from_location_id = table.Column<long>(type: "bigint", nullable: true),
                    location_id = table.Column<long>(type: "bigint", nullable: true),
                    parent_container_id = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_containers", x => new { x.event_id, x.container_id, x.role });
                    table.ForeignKey(
                        name: "FK_event_containers_containers_container_id",
                        column: x => x.container_id,
                        principalTable: "containers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_event_containers_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "holds",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    location_id = table.Column<long>(type: "bigint", nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    placed_event_id = table.Column<long>(type: "bigint", nullable: false),
                    released_event_id = table.Column<long>(type: "bigint", nullable: true),
                    placed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    release_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_holds", x => x.id);
                    table.ForeignKey(
                        name: "FK_holds_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_holds_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_holds_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    party_id = table.Column<long>(type: "bigint", nullable: true),
                    product_id = table.Column<long>(type: "bigint", nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    done_quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    location_id = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    reference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders", x => x.id);
                    table.ForeignKey(
                        name: "FK_orders_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_orders_parties_party_id",
                        column: x => x.party_id,
                        principalTable: "parties",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_orders_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "production_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    order_id = table.Column<long>(type: "bigint", nullable: true),
                    operation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    station_id = table.Column<long>(type: "bigint", nullable: true),
                    @operator = table.Column<string>(name: "operator", type: "character varying(128)", maxLength: 128, nullable: false),
                    start_event_id = table.Column<long>(type: "bigint", nullable: false),
                    finish_event_id = table.Column<long>(type: "bigint", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_production_steps", x => x.id);
                    table.ForeignKey(
                        name: "FK_production_steps_locations_station_id",
                        column: x => x.station_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_production_steps_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_production_steps_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sequences",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    next = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sequences", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "test_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    test = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    passed = table.Column<bool>(type: "boolean", nullable: false),
                    required = table.Column<bool>(type: "boolean", nullable: false),
                    measurements = table.Column<string>(type: "text", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_results", x => x.id);
                    table.ForeignKey(
                        name: "FK_test_results_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_test_results_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_test_results_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uom_conversions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    from_uom = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    to_uom = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    factor = table.Column<decimal>(type: "numeric(28,12)", precision: 28, scale: 12, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uom_conversions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "genealogy_edges",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    output_unit_id = table.Column<long>(type: "bigint", nullable: true),
                    output_lot_id = table.Column<long>(type: "bigint", nullable: true),
                    input_unit_id = table.Column<long>(type: "bigint", nullable: true),
                    input_lot_id = table.Column<long>(type: "bigint", nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    order_id = table.Column<long>(type: "bigint", nullable: true),
                    removed_event_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_genealogy_edges", x => x.id);
                    table.ForeignKey(
                        name: "FK_genealogy_edges_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_genealogy_edges_lots_input_lot_id",
                        column: x => x.input_lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_genealogy_edges_lots_output_lot_id",
                        column: x => x.output_lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_genealogy_edges_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_genealogy_edges_units_input_unit_id",
                        column: x => x.input_unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_genealogy_edges_units_output_unit_id",
                        column: x => x.output_unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "order_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    order_id = table.Column<long>(type: "bigint", nullable: false),
                    line_no = table.Column<int>(type: "integer", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    done_quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    allocated_quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    supplier_lot_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    disposition = table.Column<int>(type: "integer", nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_lines", x => x.id);
                    table.ForeignKey(
                        name: "FK_order_lines_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_order_lines_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_order_lines_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_order_lines_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "allocations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    order_line_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    lot_id = table.Column<long>(type: "bigint", nullable: true),
                    location_id = table.Column<long>(type: "bigint", nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    container_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocations", x => x.id);
                    table.ForeignKey(
                        name: "FK_allocations_containers_container_id",
                        column: x => x.container_id,
                        principalTable: "containers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_allocations_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_allocations_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_allocations_order_lines_order_line_id",
                        column: x => x.order_line_id,
                        principalTable: "order_lines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_allocations_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "uom_conversions",
                columns: new[] { "id", "factor", "from_uom", "to_uom" },
                values: new object[,]
                {
                    { 1L, 1000m, "kg", "g" },
                    { 2L, 1000m, "t", "kg" },
                    { 3L, 1000m, "g", "mg" },
                    { 4L, 1000m, "l", "ml" },
                    { 5L, 16m, "lb", "oz" },
                    { 6L, 2.20462262185m, "kg", "lb" },
                    { 7L, 100m, "m", "cm" },
                    { 8L, 1000m, "m", "mm" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_units_product_id_status_location_id",
                table: "units",
                columns: new[] { "product_id", "status", "location_id" });

            migrationBuilder.CreateIndex(
                name: "IX_lots_expiry_date",
                table: "lots",
                column: "expiry_date");

            migrationBuilder.CreateIndex(
                name: "IX_lots_supplier_lot_code",
                table: "lots",
                column: "supplier_lot_code");

            migrationBuilder.CreateIndex(
                name: "IX_expected_serials_order_line_id",
                table: "expected_serials",
                column: "order_line_id");

            migrationBuilder.CreateIndex(
                name: "IX_events_order_id_event_time",
                table: "events",
                columns: new[] { "order_id", "event_time" });

            migrationBuilder.CreateIndex(
                name: "IX_containers_location_id",
                table: "containers",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_containers_owner_party_id",
                table: "containers",
                column: "owner_party_id");

            migrationBuilder.CreateIndex(
                name: "IX_containers_parent_container_id",
                table: "containers",
                column: "parent_container_id");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_container_id",
                table: "allocations",
                column: "container_id");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_location_id",
                table: "allocations",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_lot_id",
                table: "allocations",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_order_line_id_status",
                table: "allocations",
                columns: new[] { "order_line_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_allocations_unit_id",
                table: "allocations",
                column: "unit_id",
                unique: true,
                filter: "status IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_bom_lines_assembly_product_id_component_product_id",
                table: "bom_lines",
                columns: new[] { "assembly_product_id", "component_product_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bom_lines_component_product_id",
                table: "bom_lines",
                column: "component_product_id");

            migrationBuilder.CreateIndex(
                name: "IX_container_lots_lot_id",
                table: "container_lots",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_event_containers_container_id_event_id",
                table: "event_containers",
                columns: new[] { "container_id", "event_id" });

            migrationBuilder.CreateIndex(
                name: "IX_genealogy_edges_event_id",
                table: "genealogy_edges",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "IX_genealogy_edges_input_lot_id",
                table: "genealogy_edges",
                column: "input_lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_genealogy_edges_input_unit_id",
                table: "genealogy_edges",
                column: "input_unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_genealogy_edges_order_id",
                table: "genealogy_edges",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "IX_genealogy_edges_output_lot_id",
                table: "genealogy_edges",
                column: "output_lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_genealogy_edges_output_unit_id",
                table: "genealogy_edges",
                column: "output_unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_holds_location_id_released_event_id",
                table: "holds",
                columns: new[] { "location_id", "released_event_id" });

            migrationBuilder.CreateIndex(
                name: "IX_holds_lot_id_released_event_id",
                table: "holds",
                columns: new[] { "lot_id", "released_event_id" });

            migrationBuilder.CreateIndex(
                name: "IX_holds_unit_id_released_event_id",
                table: "holds",
                columns: new[] { "unit_id", "released_event_id" });

            migrationBuilder.CreateIndex(
                name: "IX_order_lines_lot_id",
                table: "order_lines",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_order_lines_order_id_line_no",
                table: "order_lines",
                columns: new[] { "order_id", "line_no" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_order_lines_product_id",
                table: "order_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "IX_order_lines_unit_id",
                table: "order_lines",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_orders_kind_number",
                table: "orders",
                columns: new[] { "kind", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_orders_kind_status",
                table: "orders",
                columns: new[] { "kind", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_orders_location_id",
                table: "orders",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_orders_party_id",
                table: "orders",
                column: "party_id");

            migrationBuilder.CreateIndex(
                name: "IX_orders_product_id",
                table: "orders",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "IX_production_steps_lot_id",
                table: "production_steps",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_production_steps_station_id_started_at",
                table: "production_steps",
                columns: new[] { "station_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "IX_production_steps_unit_id",
                table: "production_steps",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_test_results_event_id",
                table: "test_results",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "IX_test_results_lot_id",
                table: "test_results",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "IX_test_results_unit_id",
                table: "test_results",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_uom_conversions_from_uom_to_uom",
                table: "uom_conversions",
                columns: new[] { "from_uom", "to_uom" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_containers_containers_parent_container_id",
                table: "containers",
                column: "parent_container_id",
                principalTable: "containers",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_containers_locations_location_id",
                table: "containers",
                column: "location_id",
                principalTable: "locations",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_containers_parties_owner_party_id",
                table: "containers",
                column: "owner_party_id",
                principalTable: "parties",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_events_orders_order_id",
                table: "events",
                column: "order_id",
                principalTable: "orders",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_expected_serials_order_lines_order_line_id",
                table: "expected_serials",
                column: "order_line_id",
                principalTable: "order_lines",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_containers_containers_parent_container_id",
                table: "containers");

            migrationBuilder.DropForeignKey(
                name: "FK_containers_locations_location_id",
                table: "containers");

            migrationBuilder.DropForeignKey(
                name: "FK_containers_parties_owner_party_id",
                table: "containers");

            migrationBuilder.DropForeignKey(
                name: "FK_events_orders_order_id",
                table: "events");

            migrationBuilder.DropForeignKey(
                name: "FK_expected_serials_order_lines_order_line_id",
                table: "expected_serials");

            migrationBuilder.DropTable(
                name: "allocations");

            migrationBuilder.DropTable(
                name: "bom_lines");

            migrationBuilder.DropTable(
                name: "container_lots");

            migrationBuilder.DropTable(
                name: "event_containers");

            migrationBuilder.DropTable(
                name: "genealogy_edges");

            migrationBuilder.DropTable(
                name: "holds");

            migrationBuilder.DropTable(
                name: "production_steps");

            migrationBuilder.DropTable(
                name: "sequences");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropTable(
                name: "test_results");

            migrationBuilder.DropTable(
                name: "uom_conversions");

            migrationBuilder.DropTable(
                name: "order_lines");

            migrationBuilder.DropTable(
                name: "orders");

            migrationBuilder.DropIndex(
                name: "IX_units_product_id_status_location_id",
                table: "units");

            migrationBuilder.DropIndex(
                name: "IX_lots_expiry_date",
                table: "lots");

            migrationBuilder.DropIndex(
                name: "IX_lots_supplier_lot_code",
                table: "lots");

            migrationBuilder.DropIndex(
                name: "IX_expected_serials_order_line_id",
                table: "expected_serials");

            migrationBuilder.DropIndex(
                name: "IX_events_order_id_event_time",
                table: "events");

            migrationBuilder.DropPrimaryKey(
                name: "PK_event_lots",
                table: "event_lots");

            migrationBuilder.DropIndex(
                name: "IX_containers_location_id",
                table: "containers");

            migrationBuilder.DropIndex(
                name: "IX_containers_owner_party_id",
                table: "containers");

            migrationBuilder.DropIndex(
                name: "IX_containers_parent_container_id",
                table: "containers");

            migrationBuilder.DropColumn(
                name: "shipped_at",
                table: "units");

            migrationBuilder.DropColumn(
                name: "test_failed",
                table: "units");

            migrationBuilder.DropColumn(
                name: "on_hold",
                table: "lots");

            migrationBuilder.DropColumn(
                name: "test_failed",
                table: "lots");

            migrationBuilder.DropColumn(
                name: "version",
                table: "lots");

            migrationBuilder.DropColumn(
                name: "order_line_id",
                table: "expected_serials");

            migrationBuilder.DropColumn(
                name: "order_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "reason_code",
                table: "events");

            migrationBuilder.DropColumn(
                name: "container_id",
                table: "event_units");

            migrationBuilder.DropColumn(
                name: "location_id",
                table: "event_units");

            migrationBuilder.DropColumn(
                name: "owner_party_id",
                table: "event_units");

            migrationBuilder.DropColumn(
                name: "stage",
                table: "event_units");

            migrationBuilder.DropColumn(
                name: "status",
                table: "event_units");

            migrationBuilder.DropColumn(
                name: "line",
                table: "event_lots");

            migrationBuilder.DropColumn(
                name: "from_status",
                table: "event_lots");

            migrationBuilder.DropColumn(
                name: "status",
                table: "event_lots");

            migrationBuilder.DropColumn(
                name: "last_event_id",
                table: "containers");

            migrationBuilder.DropColumn(
                name: "owner_party_id",
                table: "containers");

            migrationBuilder.DropColumn(
                name: "status",
                table: "containers");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "containers");

            migrationBuilder.AlterColumn<string>(
                name: "sscc",
                table: "containers",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(18)",
                oldMaxLength: 18,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "kind",
                table: "containers",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AlterColumn<string>(
                name: "code",
                table: "containers",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(
                name: "PK_event_lots",
                table: "event_lots",
                columns: new[] { "event_id", "lot_id", "role" });
        }
    }
}
