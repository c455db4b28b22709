using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SerialTrack.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TasksFinish : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "warehouse_tasks",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "replenishment_rule_id",
                table: "warehouse_tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_hash",
                table: "warehouse_tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "to_container_id",
                table: "task_lines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "replenishment_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    location_id = table.Column<long>(type: "INTEGER", nullable: false),
                    min = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    max = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    source_location_id = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_replenishment_rules", x => x.id);
                    table.ForeignKey(
                        name: "FK_replenishment_rules_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_replenishment_rules_locations_source_location_id",
                        column: x => x.source_location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_replenishment_rules_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_tasks_idempotency_key",
                table: "warehouse_tasks",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_tasks_replenishment_rule_id_status",
                table: "warehouse_tasks",
                columns: new[] { "replenishment_rule_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_task_lines_to_container_id",
                table: "task_lines",
                column: "to_container_id");

            migrationBuilder.CreateIndex(
                name: "IX_replenishment_rules_location_id",
                table: "replenishment_rules",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_replenishment_rules_product_id_location_id",
                table: "replenishment_rules",
                columns: new[] { "product_id", "location_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_replenishment_rules_source_location_id",
                table: "replenishment_rules",
                column: "source_location_id");

            migrationBuilder.AddForeignKey(
                name: "FK_task_lines_containers_to_container_id",
                table: "task_lines",
                column: "to_container_id",
                principalTable: "containers",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_warehouse_tasks_replenishment_rules_replenishment_rule_id",
                table: "warehouse_tasks",
                column: "replenishment_rule_id",
                principalTable: "replenishment_rules",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_task_lines_containers_to_container_id",
                table: "task_lines");

            migrationBuilder.DropForeignKey(
                name: "FK_warehouse_tasks_replenishment_rules_replenishment_rule_id",
                table: "warehouse_tasks");

            migrationBuilder.DropTable(
                name: "replenishment_rules");

            migrationBuilder.DropIndex(
                name: "IX_warehouse_tasks_idempotency_key",
                table: "warehouse_tasks");

            migrationBuilder.DropIndex(
                name: "IX_warehouse_tasks_replenishment_rule_id_status",
                table: "warehouse_tasks");

            migrationBuilder.DropIndex(
                name: "IX_task_lines_to_container_id",
                table: "task_lines");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "warehouse_tasks");

            migrationBuilder.DropColumn(
                name: "replenishment_rule_id",
                table: "warehouse_tasks");

            migrationBuilder.DropColumn(
                name: "request_hash",
                table: "warehouse_tasks");

            migrationBuilder.DropColumn(
                name: "to_container_id",
                table: "task_lines");
        }
    }
}
