using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SerialTrack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EpcisReviewQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_epcis_review_items_resolved_at_id",
                table: "epcis_review_items",
                columns: new[] { "resolved_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_epcis_review_items_resolved_at_id",
                table: "epcis_review_items");
        }
    }
}
