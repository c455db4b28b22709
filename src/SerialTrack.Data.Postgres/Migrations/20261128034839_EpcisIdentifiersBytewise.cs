using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SerialTrack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EpcisIdentifiersBytewise : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "read_point",
                table: "epcis_stored_events",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "biz_location",
                table: "epcis_stored_events",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "epc",
                table: "epcis_event_epcs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "read_point",
                table: "epcis_stored_events",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "biz_location",
                table: "epcis_stored_events",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "epc",
                table: "epcis_event_epcs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500,
                oldCollation: "C");
        }
    }
}
