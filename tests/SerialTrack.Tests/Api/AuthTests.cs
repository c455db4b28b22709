using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class AuthTests
{
    [Fact]
    public async Task Anonymous_callers_get_401_from_the_api_but_200_from_health()
    {
        await using var app = await TestApp.StartAsync();
        using var anonymous = app.Client(null);

        var refused = await anonymous.GetAsync("/api/v1/products");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        // A refusal like any other: problem+json that says what to send.
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("auth.required", "Authorization"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_can_read_products_but_not_create_one()
    {
        await using var app = await TestApp.StartAsync();
        using var viewer = app.Client(Role.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/products")).StatusCode);
        var forbidden = await viewer.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("auth.forbidden", (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_operator_can_commission_units_but_not_create_products()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client(Role.Admin);
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        using var op = app.Client(Role.Operator);

        var commission = await op.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1" }, location = "WH1" });
        var product = await op.PostAsJsonAsync("/api/v1/products", new { sku = "A2", name = "Gadget" });

        Assert.Equal(HttpStatusCode.Created, commission.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, product.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_gets_401()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client(Role.Admin);
        using var viewer = app.Client(Role.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/products")).StatusCode);
        var tokens = await admin.GetFromJsonAsync<JsonElement>("/api/v1/tokens");
        var id = tokens.EnumerateArray().Single(t => t.GetProperty("user").GetString() == "viewer").GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.GetAsync("/api/v1/products")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_api_route()
    {
        await using var app = await TestApp.StartAsync();
        using var viewer = app.Client(Role.Viewer);

        var doc = await viewer.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => Normalize(p.Name)).ToHashSet();
        Assert.Contains("/api/v1/products", paths);
        Assert.Contains("/api/v1/units/by-serial/{serial}", paths);
        Assert.Contains("/api/v1/moves", paths);
        Assert.Contains("/api/v1/lots/{id}", paths);
        var routes = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => Normalize("/" + e.RoutePattern.RawText!.TrimStart('/')))
            .Where(p => p.StartsWith("/api/v1/", StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.Contains(r, paths));
    }

    // Programs under /epcis get status codes; the pages there (captures, reviews) send a signed-out reader to the login page.
    [Fact]
    public async Task A_signed_out_reader_of_an_epcis_page_is_sent_to_the_login_page_while_the_epcis_api_answers_401()
    {
        await using var app = await TestApp.StartAsync();
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };

        foreach (var page in new[] { "/epcis/reviews", "/epcis/captures", "/epcis/captures/abc" })
        {
            using var response = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/login?ReturnUrl=" + Uri.EscapeDataString(page), response.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/epcis/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/epcis/capture")).StatusCode);
    }

    // Behind a reverse proxy that ends TLS, ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (docs/getting-started.md) makes the
    // server believe the proxy's X-Forwarded-Proto, so the sign-in cookie is marked Secure; without it the header is
    // ignored and the plain-http request gets a cookie without the flag.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Behind_a_proxy_that_says_https_the_sign_in_cookie_is_secure(bool forwardedHeaders)
    {
        await using var app = await TestApp.StartAsync(configure: b =>
        {
            if (forwardedHeaders)
            {
                b.Configuration["FORWARDEDHEADERS_ENABLED"] = "true";
            }
        });
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.Address };
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var form = await browser.GetAsync("/login");
        var antiforgeryCookies = form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        var token = Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = Web.Auth.Name(Role.Viewer),
                ["Password"] = TestApp.Password,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", string.Join("; ", antiforgeryCookies));
        using var login = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var signIn = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("serialtrack=", StringComparison.Ordinal));
        Assert.Equal(forwardedHeaders, signIn.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
    }

    // "/api/v1/products/{id:long}/" and "/api/v1/products/{id}" are the same route.
    static string Normalize(string path) => Regex.Replace(path, @"\{(\w+)(:[^}]*)?\}", "{$1}").TrimEnd('/');
}
