using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SerialTrack.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EpcisErrorDeclarations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_epcis_stored_events_event_hash",
                table: "epcis_stored_events");

            migrationBuilder.DropIndex(
                name: "IX_epcis_stored_events_event_id",
                table: "epcis_stored_events");

            migrationBuilder.AddColumn<bool>(
                name: "declares_error",
                table: "epcis_stored_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_event_hash_declares_error",
                table: "epcis_stored_events",
                columns: new[] { "event_hash", "declares_error" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_epcis_stored_events_event_id_declares_error",
                table: "epcis_stored_events",
                columns: new[] { "event_id", "declares_error" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_epcis_stored_events_event_hash_declares_error",
                table: "epcis_stored_events");

            migrationBuilder.DropIndex(
                name: "IX_epcis_stored_events_event_id_declares_error",
                table: "epcis_stored_events");

            migrationBuilder.DropColumn(
                name: "declares_error",
                table: "epcis_stored_events");

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
        }
    }
}
