using System.CommandLine;
using SerialTrack.Core.Data;

namespace SerialTrack.Cli;

public static class DbCommands
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Apply pending schema migrations");
        migrate.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var target = Commands.Target(r);
            await Database.MigrateAsync(target, ct);
            Console.WriteLine($"{target.Describe()} is up to date.");
            return 0;
        }));

        var backupFile = new Argument<string>("file") { Description = "Backup file to write (replaced if it exists)" };
        var backup = new Command("backup", "Back up the database to a file (SQLite: safe while the server runs; PostgreSQL: needs pg_dump)") { backupFile };
        backup.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var target = Commands.Target(r);
            await Backups.BackupAsync(target, r.GetValue(backupFile)!, ct);
            Console.WriteLine($"Backed up {target.Describe()} to {r.GetValue(backupFile)}.");
            return 0;
        }));

        var restoreFile = new Argument<string>("file") { Description = "A file written by 'db backup'" };
        var restore = new Command("restore", "Replace the whole database with a backup. Stop the server first (PostgreSQL: needs pg_restore)") { restoreFile };
        restore.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var target = Commands.Target(r);
            await Backups.RestoreAsync(target, r.GetValue(restoreFile)!, ct);
            Console.WriteLine($"Restored {target.Describe()} from {r.GetValue(restoreFile)}. Start the server again; it applies any newer migrations.");
            return 0;
        }));
        return new Command("db", "Database maintenance") { migrate, backup, restore };
    }
}
