using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SerialTrack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PartnerTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "party_id",
                table: "api_tokens",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "scope",
                table: "api_tokens",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_party_id",
                table: "api_tokens",
                column: "party_id");

            migrationBuilder.AddForeignKey(
                name: "FK_api_tokens_parties_party_id",
                table: "api_tokens",
                column: "party_id",
                principalTable: "parties",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_api_tokens_parties_party_id",
                table: "api_tokens");

            migrationBuilder.DropIndex(
                name: "IX_api_tokens_party_id",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "party_id",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "scope",
                table: "api_tokens");
        }
    }
}
