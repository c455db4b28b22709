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
        return new Command("db", "Database maintenance") { migrate };
    }
}
