using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class EpcisApiTests
{
    const string Context = "\"@context\": [\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"]";

    static string Event(string serial, string bizStep = "shipping") => $$"""
        { "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "{{bizStep}}", "eventTime": "2026-03-01T09:00:00Z", "eventTimeZoneOffset": "+00:00",
          "epcList": ["urn:epc:id:sgtin:0614141.107346.{{serial}}"] }
        """;

    static string Document(params string[] events) =>
        $$"""{ {{Context}}, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }""";

    static HttpRequestMessage Post(string path, string body, string mediaType = "application/ld+json", string? behaviour = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (behaviour is not null)
        {
            request.Headers.Add("GS1-Capture-Error-Behaviour", behaviour);
        }
        return request;
    }

    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Theory, OnSqlite, OnPostgres]
    public async Task A_capture_answers_202_with_the_job_whose_outcome_lists_the_stored_events(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var op = app.Client(Role.Operator);

        var response = await op.SendAsync(Post("/epcis/capture", Document(Event("1"), Event("2"))));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("2.0.0", response.Headers.GetValues("GS1-EPCIS-Version").Single());
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/epcis/capture/", location);
        var job = await Json(await op.GetAsync(location));
        Assert.Equal((false, true, "rollback", 2), (job.GetProperty("running").GetBoolean(), job.GetProperty("success").GetBoolean(),
            job.GetProperty("captureErrorBehaviour").GetString(), job.GetProperty("storedCount").GetInt32()));
        Assert.Equal(location, "/epcis/capture/" + job.GetProperty("captureID").GetString());

        var again = await Json(await op.SendAsync(Post("/epcis/capture", Document(Event("1")))));
        Assert.Equal((0, 1), (again.GetProperty("storedCount").GetInt32(), again.GetProperty("duplicateCount").GetInt32()));
    }

    // The Captures page lists every job, newest first, a hundred to a page, and pages back to the oldest.
    [Fact]
    public async Task The_captures_page_pages_back_through_every_job()
    {
        await using var app = await TestApp.StartAsync();
        using var op = app.Client(Role.Operator);
        var jobs = new List<string>();
        for (var i = 0; i < Pages.Epcis.CapturesModel.Shown + 1; i++)
        {
            var response = await op.SendAsync(Post("/epcis/capture", Document(Event("1"))));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            jobs.Add(response.Headers.Location!.ToString().Split('/')[^1]);
        }
        using var viewer = app.Client(Role.Viewer);

        var latest = await viewer.GetStringAsync("/epcis/captures");
        var older = System.Text.RegularExpressions.Regex.Match(latest, "href=\"(/epcis/captures\\?before=\\d+)\" id=\"older-captures\"").Groups[1].Value;
        var oldest = await viewer.GetStringAsync(older);

        Assert.Equal(jobs.Skip(1).Reverse(), Captures(latest));
        Assert.Equal([jobs[0]], Captures(oldest));
        Assert.DoesNotContain("id=\"older-captures\"", oldest, StringComparison.Ordinal);
        Assert.Contains("href=\"/epcis/captures\">Latest captures", oldest, StringComparison.Ordinal);

        static List<string> Captures(string html) =>
            [.. System.Text.RegularExpressions.Regex.Matches(html, "class=\"capture-job\" data-capture=\"([0-9a-f]+)\"").Select(m => m.Groups[1].Value)];
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_error_behaviour_header_chooses_between_all_or_nothing_and_storing_the_valid_events(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var op = app.Client(Role.Operator);
        var body = Document(Event("1"), Event("2", bizStep: "sightseeing"));

        var rollback = await Json(await op.SendAsync(Post("/epcis/capture", body, behaviour: "rollback")));
        var proceed = await Json(await op.SendAsync(Post("/epcis/capture", body, "application/json", behaviour: "proceed")));
        var bad = await op.SendAsync(Post("/epcis/capture", body, behaviour: "sometimes"));

        Assert.Equal((false, 0), (rollback.GetProperty("success").GetBoolean(), rollback.GetProperty("storedCount").GetInt32()));
        Assert.Equal("eventList[1].bizStep", rollback.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal((true, 1), (proceed.GetProperty("success").GetBoolean(), proceed.GetProperty("storedCount").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("GS1-Capture-Error-Behaviour", (await Json(bad)).GetProperty("field").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task OPTIONS_announces_the_capture_limits_and_the_limits_are_enforced(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var op = app.Client(Role.Operator);

        var options = await op.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/epcis/capture"));
        var tooMany = await op.SendAsync(Post("/epcis/capture", Document([.. Enumerable.Range(0, 10_001).Select(i => Event(i.ToString()))])));

        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Equal("10000", options.Headers.GetValues("GS1-EPCIS-Capture-Limit").Single());
        Assert.Equal((20 * 1024 * 1024).ToString(), options.Headers.GetValues("GS1-EPCIS-Capture-File-Size-Limit").Single());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("epcis.capture_limit", (await Json(tooMany)).GetProperty("code").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_single_event_is_created_once_and_a_repeat_is_a_conflict(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var op = app.Client(Role.Operator);
        var body = "{ " + Context + ", " + Event("7").Trim()[1..];

        var first = await op.SendAsync(Post("/epcis/events", body));
        var second = await op.SendAsync(Post("/epcis/events", body));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await Json(first);
        Assert.StartsWith("ni:///sha-256;", created.GetProperty("eventID").GetString());
        Assert.Equal("/epcis/events/" + Uri.EscapeDataString(created.GetProperty("eventID").GetString()!), first.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("epcis.duplicate", (await Json(second)).GetProperty("code").GetString());
        // The refusal carries the binding's version headers as an answer does.
        Assert.Equal(["2.0.0"], second.Headers.GetValues("GS1-EPCIS-Version"));
        Assert.Equal(["2.0.0"], first.Headers.GetValues("GS1-CBV-Version"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Capture_needs_an_operator_a_known_media_type_and_a_readable_document(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var viewer = app.Client(Role.Viewer);
        using var op = app.Client(Role.Operator);
        using var anonymous = app.Client(null);

        var forbidden = await viewer.SendAsync(Post("/epcis/capture", Document(Event("1"))));
        var unauthenticated = await anonymous.SendAsync(Post("/epcis/capture", Document(Event("1"))));
        var csv = await op.SendAsync(Post("/epcis/capture", "a,b", "text/csv"));
        var broken = await op.SendAsync(Post("/epcis/capture", "<epcis:EPCISDocument", "application/xml"));
        var missing = await op.GetAsync("/epcis/capture/nope");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "Content-Type"), (csv.StatusCode, (await Json(csv)).GetProperty("field").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "epcis.structure"), (broken.StatusCode, (await Json(broken)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_review_queue_lists_open_contradictions_a_page_at_a_time_and_an_operator_marks_them_reviewed(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var viewer = app.Client(Role.Viewer);
        using var op = app.Client(Role.Operator);
        static string Delete(string serial) => Event(serial).Replace("\"OBSERVE\"", "\"DELETE\"", StringComparison.Ordinal);
        await admin.SendAsync(Post("/epcis/capture", Document(Delete("61"), Delete("62"), Delete("63"), Event("64"))));

        var first = await Json(await viewer.GetAsync("/api/v1/epcis/reviews?limit=2"));
        var next = first.GetProperty("next").GetString()!;
        var second = await Json(await viewer.GetAsync(next));
        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        var forbidden = await viewer.PostAsync($"/api/v1/epcis/reviews/{items[0].GetProperty("id").GetInt64()}/reviewed", null);
        var done = await op.PostAsync($"/api/v1/epcis/reviews/{items[0].GetProperty("id").GetInt64()}/reviewed", null);
        var missing = await op.PostAsync("/api/v1/epcis/reviews/999999/reviewed", null);
        var open = (await Json(await viewer.GetAsync("/api/v1/epcis/reviews"))).GetProperty("items").EnumerateArray().ToList();
        var reviewed = (await Json(await viewer.GetAsync("/api/v1/epcis/reviews?state=reviewed"))).GetProperty("items").EnumerateArray().Single();
        var badState = await viewer.GetAsync("/api/v1/epcis/reviews?state=closed");

        Assert.Equal(["61", "62", "63"], items.Select(i => i.GetProperty("serial").GetString()));
        Assert.All(items, i => Assert.Equal("epcis.unknown_epc", i.GetProperty("code").GetString()));
        Assert.False(second.TryGetProperty("next", out var more) && more.ValueKind == JsonValueKind.String);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NoContent, HttpStatusCode.NotFound), (forbidden.StatusCode, done.StatusCode, missing.StatusCode));
        Assert.Equal(["62", "63"], open.Select(i => i.GetProperty("serial").GetString()));
        Assert.Equal(("61", Core.Users.Role.Operator.ToString().ToLowerInvariant()), (reviewed.GetProperty("serial").GetString(), reviewed.GetProperty("resolvedBy").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "state"), (badState.StatusCode, (await Json(badState)).GetProperty("field").GetString()));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_captured_contradiction_shows_on_the_units_page_for_review(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        (await admin.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, string> { ["gs1.company_prefix"] = "0614141" })).EnsureSuccessStatusCode();
        await admin.SendAsync(Post("/epcis/capture", Document(Event("55"))));

        var id = (await Json(await admin.GetAsync("/api/v1/units/by-serial/55")))[0].GetProperty("id").GetInt64();
        var page = await admin.GetStringAsync($"/units/{id}");

        Assert.Contains("Partner reports to review", page);
        Assert.Contains("data-code=\"epcis.unknown_epc\"", page);
    }
}
