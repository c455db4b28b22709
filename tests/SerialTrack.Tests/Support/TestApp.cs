using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SerialTrack.Core.Users;

namespace SerialTrack.Tests.Support;

// The real application on real Kestrel (loopback, a free port) over a fresh database, with one user of
// each role and an API token for each.
public sealed class TestApp : IAsyncDisposable
{
    public const string Password = "correct-horse-9";

    TestApp(TestDb db, WebApplication app, Uri address, Dictionary<Role, string> tokens, Action<WebApplicationBuilder>? configure)
    {
        Db = db;
        App = app;
        Address = address;
        Tokens = tokens;
        this.configure = configure;
    }

    readonly Action<WebApplicationBuilder>? configure;

    public TestDb Db { get; }
    public WebApplication App { get; }
    public Uri Address { get; }
    public IReadOnlyDictionary<Role, string> Tokens { get; }

    public static async Task<TestApp> StartAsync(DbKind kind = DbKind.Sqlite, Action<WebApplicationBuilder>? configure = null)
    {
        var db = await TestDb.CreateAsync(kind);
        var tokens = new Dictionary<Role, string>();
        await using (var ctx = db.NewContext())
        {
            var accounts = new Accounts(ctx, TimeProvider.System);
            foreach (var role in Enum.GetValues<Role>())
            {
                var name = Web.Auth.Name(role);
                await accounts.AddUserAsync(name, role, Password, default);
                tokens[role] = (await accounts.CreateTokenAsync(new TokenRequest(name, "test"), default)).Secret;
            }
        }
        return await OnAsync(db, tokens, configure);
    }

    static async Task<TestApp> OnAsync(TestDb db, Dictionary<Role, string> tokens, Action<WebApplicationBuilder>? configure)
    {
        var app = Server.Build(new ServerOptions(db.Target, "http://127.0.0.1:0"), b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(db, app, new Uri(address), tokens, configure);
    }

    // The server stops and a new one starts on the same database, as after a restart; the users and tokens stay.
    public async Task<TestApp> RestartAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        return await OnAsync(Db, new Dictionary<Role, string>(Tokens), configure);
    }

    public HttpClient Client(Role? role = Role.Admin)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (role is { } r)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[r]);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}
