using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;

namespace SerialTrack.Cli;

public static class ServeCommand
{
    public const string DefaultUrls = "http://localhost:5080";
    public const string DemoDatabase = "data/demo.db";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => DefaultUrls };
        var demo = new Option<bool>("--demo") { Description = $"Fill an empty database with a demo company (default database {DemoDatabase}) and print an admin login" };
        var command = new Command("serve", "Run the web UI and the REST API") { urls, demo };
        command.SetAction((r, ct) => Commands.Guard(() => ServeAsync(r, r.GetValue(urls)!, r.GetValue(demo), ct)));
        return command;
    }

    static async Task<int> ServeAsync(ParseResult r, string urls, bool demo, CancellationToken ct)
    {
        var dbValue = r.GetValue(Commands.Db);
        var target = demo && string.IsNullOrWhiteSpace(dbValue) && Environment.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable) is null
            ? DatabaseTarget.Sqlite(DemoDatabase)
            : DatabaseTarget.Resolve(dbValue);
        Console.WriteLine($"Database: {target.Describe()}");
        await Database.MigrateAsync(target, ct);

        string? login = null;
        if (demo)
        {
            login = await DemoData.PrepareAsync(target, ct);
        }
        var app = Server.Build(new ServerOptions(target, urls));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? urls;
        Console.WriteLine($"SerialTrack is running at {address}  (API reference: {address}/api/reference)");
        if (login is not null)
        {
            Console.WriteLine(login);
        }
        else if (!await HasUsersAsync(target, ct))
        {
            Console.WriteLine("No users yet. Create the first admin in another terminal:");
            Console.WriteLine($"  serialtrack users add admin --role admin --password-stdin{(r.GetValue(Commands.Db) is { } d ? $" --db \"{d}\"" : "")}");
        }
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    static async Task<bool> HasUsersAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        return await db.Users.AnyAsync(u => u.Role == Role.Admin, ct);
    }
}
