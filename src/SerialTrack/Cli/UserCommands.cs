using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;

namespace SerialTrack.Cli;

public static class UserCommands
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "User name (letters, digits, no spaces)" };
        var role = new Option<Role>("--role") { Description = "admin, manager, operator or viewer", Required = true };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (otherwise the user cannot log in to the web UI)" };
        var add = new Command("add", "Add a user") { name, role, stdin };
        add.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var password = r.GetValue(stdin) ? await ReadPasswordAsync() : null;
            await using var db = await OpenAsync(r, ct);
            var user = await new Accounts(db, TimeProvider.System).AddUserAsync(r.GetValue(name), r.GetValue(role), password, ct);
            Console.WriteLine($"Added {Web.Auth.Name(user.Role)} '{user.Name}'.");
            return 0;
        }));

        var list = new Command("list", "List users");
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await OpenAsync(r, ct);
            foreach (var u in await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct))
            {
                Console.WriteLine($"{u.Name,-24} {Web.Auth.Name(u.Role),-9} {(u.Disabled ? "disabled" : "active")}");
            }
            return 0;
        }));

        var pwName = new Argument<string>("name") { Description = "User name" };
        var passwd = new Command("passwd", "Set a user's password from standard input") { pwName };
        passwd.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var password = await ReadPasswordAsync();
            await using var db = await OpenAsync(r, ct);
            await new Accounts(db, TimeProvider.System).SetPasswordAsync(r.GetValue(pwName)!, password, ct);
            Console.WriteLine("Password changed.");
            return 0;
        }));
        return new Command("users", "Manage users") { add, list, passwd };
    }

    public static async Task<SerialTrackDbContext> OpenAsync(ParseResult r, CancellationToken ct)
    {
        var target = Commands.Target(r);
        await Database.MigrateAsync(target, ct);
        return Database.CreateContext(target);
    }

    static async Task<string> ReadPasswordAsync()
    {
        var line = await Console.In.ReadLineAsync();
        if (string.IsNullOrEmpty(line))
        {
            throw new CliException("no password on standard input.");
        }
        return line.TrimEnd('\r', '\n');
    }
}

public static class TokenCommands
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "The user the token acts as", Required = true };
        var label = new Option<string?>("--name") { Description = "A label to recognise the token by" };
        var scope = new Option<string?>("--scope") { Description = $"Limit a partner's token to {TokenScopes.Capture} or {TokenScopes.QueryOwn} (default: the user's full rights)" };
        var party = new Option<string?>("--party") { Description = $"With --scope {TokenScopes.QueryOwn}: the code of the party whose shipments the token sees" };
        var create = new Command("create", "Create an API token and print it once") { user, label, scope, party };
        create.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var (token, secret) = await new Accounts(db, TimeProvider.System)
                .CreateTokenAsync(new TokenRequest(r.GetValue(user)!, r.GetValue(label), r.GetValue(scope), r.GetValue(party)), ct);
            var limited = TokenScopes.Name(token.Scope) is { } s ? $", limited to {s}{(r.GetValue(party) is { } p ? " for " + p.Trim() : "")}" : "";
            await Console.Error.WriteLineAsync($"Token {token.Id} '{token.Name}' for {r.GetValue(user)}{limited}. It is shown only now:");
            Console.WriteLine(secret);
            return 0;
        }));

        var which = new Argument<string>("token") { Description = "Token id or the prefix shown by 'tokens list'" };
        var revoke = new Command("revoke", "Revoke an API token") { which };
        revoke.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var token = await new Accounts(db, TimeProvider.System).RevokeTokenAsync(r.GetValue(which)!, ct);
            Console.WriteLine($"Revoked token {token.Id} '{token.Name}'.");
            return 0;
        }));

        var list = new Command("list", "List API tokens");
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var parties = await db.Parties.AsNoTracking().Where(p => db.ApiTokens.Any(t => t.PartyId == p.Id)).ToDictionaryAsync(p => p.Id, p => p.Code, ct);
            foreach (var t in await db.ApiTokens.AsNoTracking().Include(t => t.User).OrderBy(t => t.Id).ToListAsync(ct))
            {
                var limited = TokenScopes.Name(t.Scope) is { } s ? s + (t.PartyId is { } p ? " " + parties[p] : "") : "";
                Console.WriteLine($"{t.Id,5} {t.Prefix}… {t.User!.Name,-16} {t.Name,-20} {(t.RevokedAt is null ? "active" : "revoked"),-8} {limited}".TrimEnd());
            }
            return 0;
        }));
        return new Command("tokens", "Manage API tokens") { create, revoke, list };
    }
}
