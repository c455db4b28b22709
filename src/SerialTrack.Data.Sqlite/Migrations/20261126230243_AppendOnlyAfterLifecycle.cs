using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SerialTrack.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AppendOnlyAfterLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The Lifecycle migration rebuilt events and event_lots; the append-only triggers come back here,
            // with those of the new event_containers table.
            foreach (var table in new[] { "events", "event_lots", "event_containers" })
            {
                migrationBuilder.Sql($"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;");
                migrationBuilder.Sql($"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;");
            }
            migrationBuilder.Sql("UPDATE containers SET status = 1, updated_at = created_at WHERE status = 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS event_containers_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS event_containers_no_delete;");
        }
    }
}
