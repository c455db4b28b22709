using Microsoft.EntityFrameworkCore.Design;
using SerialTrack.Core.Data;

namespace SerialTrack.Data.Sqlite;

// Used only by 'dotnet ef migrations add'; the application configures the context itself.
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SerialTrackDbContext>
{
    public SerialTrackDbContext CreateDbContext(string[] args) => Database.CreateContext(DatabaseTarget.Sqlite("design-time.db"));
}
