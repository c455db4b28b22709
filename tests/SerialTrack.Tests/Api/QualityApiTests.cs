using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class QualityApiTests
{
    static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_complaint_is_recorded_with_its_warranty_history_and_backward_trace(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        await QualityFactory.CreateAsync(app.Db);
        using var op = app.Client(Role.Operator);

        var created = await op.PostAsJsonAsync("/api/v1/complaints", new { item = "PC-1", symptom = "Overheats" });
        var details = await op.GetFromJsonAsync<JsonElement>("/api/v1/complaints/CMP-000001");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/complaints/CMP-000001", created.Headers.Location?.ToString());
        var complaint = details.GetProperty("complaint");
        Assert.Equal(("ACME", "in_warranty"), (complaint.GetProperty("customer").GetString(), complaint.GetProperty("warranty").GetProperty("state").GetString()));
        Assert.Contains(details.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "shipped");
        Assert.Contains(details.GetProperty("backwardTrace").GetProperty("lots").EnumerateArray(), l => l.GetProperty("lot").GetString() == "P1");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Complaint_errors_are_problems_naming_the_field(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        await QualityFactory.CreateAsync(app.Db);
        using var op = app.Client(Role.Operator);
        using var viewer = app.Client(Role.Viewer);

        var unknown = await Problem(await op.PostAsJsonAsync("/api/v1/complaints", new { item = "NOPE", symptom = "x" }), HttpStatusCode.NotFound);
        var noSymptom = await Problem(await op.PostAsJsonAsync("/api/v1/complaints", new { item = "PC-1" }), HttpStatusCode.BadRequest);
        (await op.PostAsJsonAsync("/api/v1/complaints", new { item = "PC-1", symptom = "Overheats" })).EnsureSuccessStatusCode();
        var skip = await Problem(await op.PostAsJsonAsync("/api/v1/complaints/CMP-000001/status", new { status = "closed" }), HttpStatusCode.UnprocessableEntity);
        var stale = await Problem(await op.PutAsJsonAsync("/api/v1/complaints/CMP-000001/root-cause", new { lot = "P1", version = 7 }), HttpStatusCode.Conflict);
        var forbidden = await viewer.PostAsJsonAsync("/api/v1/complaints", new { item = "PC-1", symptom = "x" });

        Assert.Equal(("complaint.item_not_found", "item"), (unknown.GetProperty("code").GetString(), unknown.GetProperty("field").GetString()));
        Assert.Equal(("field.required", "symptom"), (noSymptom.GetProperty("code").GetString(), noSymptom.GetProperty("field").GetString()));
        Assert.Equal("complaint.bad_transition", skip.GetProperty("code").GetString());
        Assert.Equal(("complaint.changed", "version"), (stale.GetProperty("code").GetString(), stale.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_file_is_uploaded_as_multipart_and_downloaded_as_it_was(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        await QualityFactory.CreateAsync(app.Db);
        using var op = app.Client(Role.Operator);
        (await op.PostAsJsonAsync("/api/v1/complaints", new { item = "PC-1", symptom = "Overheats" })).EnsureSuccessStatusCode();
        var bytes = "a photo"u8.ToArray();
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(part, "file", "board.png");

        var uploaded = await op.PostAsync("/api/v1/complaints/CMP-000001/attachments", form);
        var notMultipart = await Problem(await op.PostAsJsonAsync("/api/v1/complaints/CMP-000001/attachments", new { }), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var a = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        var download = await op.GetAsync($"/api/v1/complaints/CMP-000001/attachments/{a.GetProperty("id").GetInt64()}");
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment.not_multipart", notMultipart.GetProperty("code").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_recall_is_opened_held_listed_and_refuses_to_close_with_open_items(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        await QualityFactory.CreateAsync(app.Db);
        using var manager = app.Client(Role.Manager);
        var body = new { title = "Dry paste", root = new { kind = "component_lot", code = "P1", product = "PASTE" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/recalls") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", "recall-1");
        var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/recalls") { Content = JsonContent.Create(body) };
        again.Headers.Add("Idempotency-Key", "recall-1");

        var opened = await manager.SendAsync(request);
        var replayed = await manager.SendAsync(again);
        var activated = await manager.PostAsJsonAsync("/api/v1/recalls/RCL-000001/activate", new { });
        var close = await Problem(await manager.PostAsJsonAsync("/api/v1/recalls/RCL-000001/close", new { }), HttpStatusCode.UnprocessableEntity);
        var badFate = await Problem(await manager.PostAsJsonAsync("/api/v1/recalls/RCL-000001/fates", new { fate = "written_off", items = new[] { "PC-2" } }), HttpStatusCode.BadRequest);
        var csv = await manager.GetAsync("/api/v1/recalls/RCL-000001/notifications.csv");
        var items = await manager.GetFromJsonAsync<JsonElement>("/api/v1/recalls/RCL-000001/items?limit=1");

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal("RCL-000001", (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString());
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        var held = await activated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("active", 1), (held.GetProperty("status").GetString(), held.GetProperty("unitsHeld").GetInt32()));
        Assert.Equal(("recall.open_items", "items"), (close.GetProperty("code").GetString(), close.GetProperty("field").GetString()));
        Assert.Equal(("recall.write_off_needs_note", "note"), (badFate.GetProperty("code").GetString(), badFate.GetProperty("field").GetString()));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ACME,Acme Corp,Ann Smith,ann@acme.example,,,PC,PC-1,,1,,Open", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(items.GetProperty("next").GetString());
        await using var db = app.Db.NewContext();
        Assert.Equal(1, await db.Recalls.CountAsync());
        Assert.Equal(UnitStatus.OnHold, (await db.Units.SingleAsync(u => u.Serial == "PC-2")).Status);
    }
}

public static class QualityFactory
{
    // Paste lot P1 went into PC-1 and PC-2; PC-1 was shipped to ACME, PC-2 is in stock.
    public static async Task CreateAsync(TestDb t)
    {
        await using var db = t.NewContext();
        var clock = TimeProvider.System;
        var catalog = new ProductCatalog(db, clock);
        await catalog.CreateAsync(new ProductInput("PC", "Computer", Tracking: TrackingMode.Serial, WarrantyMonths: 24), default);
        await catalog.CreateAsync(new ProductInput("PASTE", "Thermal paste", Tracking: TrackingMode.Lot, Uom: "g"), default);
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
        await locations.CreateAsync(new LocationInput("LINE1", "Line 1", LocationKind.Zone), default);
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer, "Ann Smith", "ann@acme.example"), default);
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("SUP", "Paste Supplier", PartyRole.Supplier), default);
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("PASTE", "P1", 100, "WH1", Supplier: "SUP"), Actor.System, default);
        await new Production(db, clock).ProduceAsync(new ProduceRequest("LINE1", Product: "PC",
            Builds: [new Build("PC-1", Lots: [new LotQuantity("PASTE", "P1", 5, "WH1")]), new Build("PC-2", Lots: [new LotQuantity("PASTE", "P1", 5, "WH1")])]), Actor.System, default);
        var order = await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("PC", 1)]), Actor.System, default);
        var shipping = new Shipping(db, clock);
        await shipping.AllocateAsync(new AllocateRequest(order.Number, [new AllocationLine(1, ["PC-1"])]), Actor.System, default);
        await shipping.ShipAsync(new ShipRequest(order.Number), Actor.System, default);
    }
}
