using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace SerialTrack.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SerialSchemesAndIdentifiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "serial_scheme_id",
                table: "products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "serial_uniqueness",
                table: "products",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "identifier_kinds",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    format = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identifier_kinds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "serial_reservations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    scheme_id = table.Column<long>(type: "INTEGER", nullable: true),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    actor = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_serial_reservations", x => x.id);
                    table.ForeignKey(
                        name: "FK_serial_reservations_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "serial_schemes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    template = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_serial_schemes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "unit_identifiers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    unit_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    issuer = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_identifiers", x => x.id);
                    table.ForeignKey(
                        name: "FK_unit_identifiers_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "expected_serials",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    serial = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    reservation_id = table.Column<long>(type: "INTEGER", nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    unit_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_expected_serials", x => x.id);
                    table.ForeignKey(
                        name: "FK_expected_serials_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_expected_serials_serial_reservations_reservation_id",
                        column: x => x.reservation_id,
                        principalTable: "serial_reservations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "category_schemes",
                columns: table => new
                {
                    category = table.Column<string>(type: "TEXT", nullable: false),
                    scheme_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_category_schemes", x => x.category);
                    table.ForeignKey(
                        name: "FK_category_schemes_serial_schemes_scheme_id",
                        column: x => x.scheme_id,
                        principalTable: "serial_schemes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "serial_counters",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    scheme_id = table.Column<long>(type: "INTEGER", nullable: false),
                    scope_key = table.Column<string>(type: "TEXT", nullable: false),
                    next_value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_serial_counters", x => x.id);
                    table.ForeignKey(
                        name: "FK_serial_counters_serial_schemes_scheme_id",
                        column: x => x.scheme_id,
                        principalTable: "serial_schemes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "serial_gaps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    scheme_id = table.Column<long>(type: "INTEGER", nullable: false),
                    scope_key = table.Column<string>(type: "TEXT", nullable: false),
                    serial = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_serial_gaps", x => x.id);
                    table.ForeignKey(
                        name: "FK_serial_gaps_serial_schemes_scheme_id",
                        column: x => x.scheme_id,
                        principalTable: "serial_schemes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "identifier_kinds",
                columns: new[] { "id", "code", "format", "name" },
                values: new object[,]
                {
                    { 1L, "mfr_serial", 0, "Manufacturer serial" },
                    { 2L, "mac", 1, "MAC address" },
                    { 3L, "imei", 2, "IMEI" },
                    { 4L, "asset_tag", 0, "Customer asset tag" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_products_serial_scheme_id",
                table: "products",
                column: "serial_scheme_id");

            migrationBuilder.CreateIndex(
                name: "IX_category_schemes_scheme_id",
                table: "category_schemes",
                column: "scheme_id");

            migrationBuilder.CreateIndex(
                name: "IX_expected_serials_product_id_serial",
                table: "expected_serials",
                columns: new[] { "product_id", "serial" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_expected_serials_reservation_id",
                table: "expected_serials",
                column: "reservation_id");

            migrationBuilder.CreateIndex(
                name: "IX_expected_serials_serial",
                table: "expected_serials",
                column: "serial");

            migrationBuilder.CreateIndex(
                name: "IX_identifier_kinds_code",
                table: "identifier_kinds",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_serial_counters_scheme_id_scope_key",
                table: "serial_counters",
                columns: new[] { "scheme_id", "scope_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_serial_gaps_scheme_id_scope_key",
                table: "serial_gaps",
                columns: new[] { "scheme_id", "scope_key" });

            migrationBuilder.CreateIndex(
                name: "IX_serial_reservations_product_id",
                table: "serial_reservations",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "IX_serial_schemes_name",
                table: "serial_schemes",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_unit_identifiers_kind_issuer_value",
                table: "unit_identifiers",
                columns: new[] { "kind", "issuer", "value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_unit_identifiers_unit_id",
                table: "unit_identifiers",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_unit_identifiers_value",
                table: "unit_identifiers",
                column: "value");

            migrationBuilder.AddForeignKey(
                name: "FK_products_serial_schemes_serial_scheme_id",
                table: "products",
                column: "serial_scheme_id",
                principalTable: "serial_schemes",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_products_serial_schemes_serial_scheme_id",
                table: "products");

            migrationBuilder.DropTable(
                name: "category_schemes");

            migrationBuilder.DropTable(
                name: "expected_serials");

            migrationBuilder.DropTable(
                name: "identifier_kinds");

            migrationBuilder.DropTable(
                name: "serial_counters");

            migrationBuilder.DropTable(
                name: "serial_gaps");

            migrationBuilder.DropTable(
                name: "unit_identifiers");

            migrationBuilder.DropTable(
                name: "serial_reservations");

            migrationBuilder.DropTable(
                name: "serial_schemes");

            migrationBuilder.DropIndex(
                name: "IX_products_serial_scheme_id",
                table: "products");

            migrationBuilder.DropColumn(
                name: "serial_scheme_id",
                table: "products");

            migrationBuilder.DropColumn(
                name: "serial_uniqueness",
                table: "products");
        }
    }
}
