using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SerialTrack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AppendOnlyAfterLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The new event_containers table is append-only like the rest of the log.
            migrationBuilder.Sql("CREATE TRIGGER event_containers_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON event_containers FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();");
            migrationBuilder.Sql("UPDATE containers SET status = 1, updated_at = created_at WHERE status = 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS event_containers_append_only ON event_containers;");
        }
    }
}
