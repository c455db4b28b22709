using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SerialTrack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EpcisSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "epcis_named_queries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    parameters = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_named_queries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "event_hooks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    subscription_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    named_query_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    filter = table.Column<string>(type: "text", nullable: false),
                    secret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    stream = table.Column<bool>(type: "boolean", nullable: false),
                    schedule = table.Column<string>(type: "text", nullable: true),
                    report_if_empty = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    delivered_through = table.Column<long>(type: "bigint", nullable: false),
                    pending_through = table.Column<long>(type: "bigint", nullable: true),
                    pending_delivery_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    claimed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_status = table.Column<int>(type: "integer", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_hooks", x => x.id);
                    table.ForeignKey(
                        name: "FK_event_hooks_epcis_named_queries_named_query_id",
                        column: x => x.named_query_id,
                        principalTable: "epcis_named_queries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_hook_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hook_id = table.Column<long>(type: "bigint", nullable: false),
                    delivery_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    attempted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    event_count = table.Column<int>(type: "integer", nullable: false),
                    event_ids = table.Column<string>(type: "text", nullable: false),
                    next_retry_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_hook_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "FK_event_hook_deliveries_event_hooks_hook_id",
                        column: x => x.hook_id,
                        principalTable: "event_hooks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_named_queries_name",
                table: "epcis_named_queries",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_event_hook_deliveries_hook_id_id",
                table: "event_hook_deliveries",
                columns: new[] { "hook_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_event_hooks_named_query_id",
                table: "event_hooks",
                column: "named_query_id");

            migrationBuilder.CreateIndex(
                name: "IX_event_hooks_subscription_id",
                table: "event_hooks",
                column: "subscription_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_hook_deliveries");

            migrationBuilder.DropTable(
                name: "event_hooks");

            migrationBuilder.DropTable(
                name: "epcis_named_queries");
        }
    }
}
