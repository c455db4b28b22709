using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Demo;
using SerialTrack.Core.Users;

namespace SerialTrack.Cli;

// `serve --demo`: a small demo company on first start, and a fresh admin password on every start so the
// login printed is always the one that works.
public static class DemoData
{
    public const string AdminName = "admin";

    public static async Task<string> PrepareAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        var clock = TimeProvider.System;
        if (!await db.Products.AnyAsync(ct))
        {
            Console.WriteLine("Creating the demo company...");
            await GenerateAsync(db, clock, ct);
        }
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        var accounts = new Accounts(db, clock);
        if (await db.Users.AnyAsync(u => u.Name == AdminName, ct))
        {
            await accounts.SetPasswordAsync(AdminName, password, ct);
        }
        else
        {
            await accounts.AddUserAsync(AdminName, Role.Admin, password, ct);
        }
        return $"Demo login: user '{AdminName}', password '{password}'";
    }

    static async Task GenerateAsync(SerialTrackDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var progress = new Progress<DemoProgress>(p => Console.Write($"\r  {p.Step,-12} {p.Done,6}/{p.Total,-6}"));
        var summary = await DemoCompany.GenerateAsync(db, DemoScale.Small, clock, progress, ct);
        Console.WriteLine($"\rDemo company: {summary.Products} products, {summary.Locations} locations, {summary.Parties} parties, {summary.Units} units, {summary.Lots} lots, {summary.Events} events.");
    }
}
