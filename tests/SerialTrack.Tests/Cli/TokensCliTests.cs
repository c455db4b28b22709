using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class TokensCliTests
{
    [Fact]
    public async Task Tokens_create_with_a_scope_and_a_party_prints_a_partner_token_and_a_missing_party_exits_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new Accounts(db, TimeProvider.System).AddUserAsync("acme", Role.Viewer, null, default);
            await new PartyCatalog(db, TimeProvider.System).CreateAsync(new PartyInput("ACME", "Acme Corp"), default);
        }

        var created = await CliRun.RunAsync("tokens", "create", "--user", "acme", "--name", "ACME queries", "--scope", "epcis:query-own", "--party", "ACME", "--db", CliRun.Db(t));
        var noParty = await CliRun.RunAsync("tokens", "create", "--user", "acme", "--scope", "epcis:query-own", "--db", CliRun.Db(t));
        var listed = await CliRun.RunAsync("tokens", "list", "--db", CliRun.Db(t));

        Assert.True(created.Code == 0, created.Err + created.Out);
        Assert.Contains("limited to epcis:query-own for ACME", created.Err, StringComparison.Ordinal);
        await using (var db = t.NewContext())
        {
            var token = await db.ApiTokens.SingleAsync();
            Assert.Equal((TokenScope.EpcisQueryOwn, Accounts.HashToken(created.Out.Trim())), (token.Scope, token.TokenHash));
            Assert.Equal(await db.Parties.Where(p => p.Code == "ACME").Select(p => (long?)p.Id).SingleAsync(), token.PartyId);
        }
        Assert.Equal(1, noParty.Code);
        Assert.Contains("token.party_required", noParty.Err, StringComparison.Ordinal);
        Assert.Contains("epcis:query-own ACME", listed.Out, StringComparison.Ordinal);
    }
}
