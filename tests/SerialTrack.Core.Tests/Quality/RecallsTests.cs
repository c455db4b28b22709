using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Quality;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Tests.Quality.QualityWorld;

namespace SerialTrack.Core.Tests.Quality;

public sealed class RecallsTests
{
    readonly TestClock clock = new();

    static readonly RecallRoot BadPaste = new(RecallRootKind.ComponentLot, "P1", "PASTE");

    [Theory, OnSqlite, OnPostgres]
    public async Task Opening_a_recall_from_a_component_lot_freezes_every_unit_and_lot_it_reached(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();

        var preview = await Recalls(db, clock).PreviewAsync(BadPaste, default);
        var recall = await Recalls(db, clock).OpenAsync(new OpenRecallRequest("Dry paste", BadPaste, "Paste lot P1 dried out"), Engineer, default);

        Assert.Equal(("PASTE lot P1", 4, 1, 2, 3), (preview.Root, preview.Units, preview.Lots, preview.InStock, preview.AtCustomers));
        Assert.Equal([("ACME", 2), ("BETA", 1)], preview.ByCustomer.Select(c => (c.Key, c.Units)));
        Assert.Equal(("RCL-000001", RecallStatus.Draft, RecallRootKind.ComponentLot, "PASTE lot P1"), (recall.Number, recall.Status, recall.RootKind, recall.Root));
        Assert.Equal((5, 0), (recall.Progress.Total, recall.Progress.Resolved));
        await using var check = t.NewContext();
        var items = await check.RecallItems.ToListAsync();
        var units = await check.Units.ToDictionaryAsync(u => u.Id, u => u.Serial);
        Assert.Equal(["PC-1", "PC-2", "PC-3", "PC-4"], items.Where(i => i.UnitId is not null).Select(i => units[i.UnitId!.Value]).Order());
        var acme = await check.Parties.SingleAsync(p => p.Code == "ACME");
        Assert.Equal(acme.Id, items.Single(i => i.UnitId is { } u && units[u] == "PC-1").CustomerPartyId);
        Assert.True(items.Single(i => i.UnitId is { } u && units[u] == "PC-4").InStock);
        var lot = items.Single(i => i.LotId is not null);
        Assert.True(lot.InStock);
        Assert.All(items, i => Assert.Equal((RecallFate.Open, false), (i.Fate, i.OutOfScope)));
        Assert.Contains("\"code\":\"P1\"", (await check.Recalls.SingleAsync()).RootParameters, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Activating_holds_the_stock_in_one_event_and_running_it_again_writes_nothing(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var recalls = Recalls(db, clock);
        await recalls.OpenAsync(new OpenRecallRequest("Dry paste", BadPaste), Engineer, default);
        int events;
        await using (var before = t.NewContext())
        {
            events = await before.Events.CountAsync();
        }

        var first = await recalls.ActivateAsync("RCL-000001", null, Engineer, default);
        var second = await Recalls(t.NewContext(), clock).ActivateAsync("RCL-000001", null, Engineer, default);

        Assert.Equal((RecallStatus.Active, 1, 1), (first.Status, first.UnitsHeld, first.LotsHeld));
        Assert.Equal((RecallStatus.Active, 0, 0, (long?)null), (second.Status, second.UnitsHeld, second.LotsHeld, second.HoldEventId));
        await using var check = t.NewContext();
        Assert.Equal(events + 1, await check.Events.CountAsync());
        var held = await check.Events.SingleAsync(e => e.Id == first.HoldEventId);
        Assert.Equal((EventType.Held, "Recall RCL-000001: Dry paste"), (held.Type, held.Reason));
        var pc4 = await check.Units.SingleAsync(u => u.Serial == "PC-4");
        Assert.Equal(UnitStatus.OnHold, pc4.Status);
        Assert.True(await check.EventUnits.AnyAsync(x => x.EventId == held.Id && x.UnitId == pc4.Id && x.Status == UnitStatus.OnHold));
        Assert.True((await check.Lots.SingleAsync(l => l.Code == "P1")).OnHold);
        Assert.False((await check.Lots.SingleAsync(l => l.Code == "P2")).OnHold);
        Assert.Equal(UnitStatus.Available, (await check.Units.SingleAsync(u => u.Serial == "PC-5")).Status);
        Assert.Equal(2, await check.Holds.CountAsync(h => h.ReleasedEventId == null));
        Assert.Equal(clock.GetUtcNow(), (await check.Recalls.SingleAsync()).ActivatedAt);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_that_left_stock_after_scoping_is_not_held_and_is_listed_under_its_customer(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await Recalls(db, clock).OpenAsync(new OpenRecallRequest("Dry paste", BadPaste), Engineer, default);
        await ShipAsync(db, clock, "BETA", "PC-4");

        var activated = await Recalls(db, clock).ActivateAsync("RCL-000001", null, Engineer, default);
        var notices = await Recalls(db, clock).NotificationsAsync("RCL-000001", default);

        Assert.Equal((0, 1), (activated.UnitsHeld, activated.LotsHeld));
        Assert.Equal(["ACME", "BETA"], notices.Select(n => n.Code));
        var acme = notices[0];
        Assert.Equal(("Ann Smith", "ann@acme.example", "+1 555 0100", "1 Main St, Springfield"), (acme.ContactName, acme.Email, acme.Phone, acme.Address));
        Assert.Equal(["PC-1", "PC-2"], acme.Units.Select(u => u.Serial));
        Assert.Equal(["PC-3", "PC-4"], notices[1].Units.Select(u => u.Serial));
        var csv = Core.Quality.Recalls.NotificationsCsv(notices);
        Assert.Contains("BETA,Beta Ltd,Bob Jones,bob@beta.example,,,PC,PC-4,,1,,Open", csv, StringComparison.Ordinal);
        Assert.Contains("\"1 Main St, Springfield\"", csv, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(UnitStatus.AtCustomer, (await check.Units.SingleAsync(u => u.Serial == "PC-4")).Status);
    }

    // A partner's shipment of an in-scope unit to a customer, still in transit, makes it that customer's: it is listed
    // under the customer to notify and is not held as stock.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_a_partner_shipped_to_a_customer_is_that_customers_while_in_transit(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await Recalls(db, clock).OpenAsync(new OpenRecallRequest("Dry paste", BadPaste), Engineer, default);
        var uris = await Core.Epcis.EpcisUris.LoadAsync(db, default);
        var document = $$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [
                { "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
                  "eventTime": "{{clock.GetUtcNow().AddMinutes(1):O}}", "eventTimeZoneOffset": "+00:00", "epcList": ["{{uris.Unit(null, "PC", "PC-4")}}"],
                  "destinationList": [{ "type": "owning_party", "destination": "{{uris.Party(null, "BETA")}}" }] } ] } }
            """;
        var captured = await new Core.Epcis.EpcisCapturing(db, clock).CaptureAsync(document, Core.Epcis.EpcisBinding.Json, Core.Epcis.EpcisErrorBehaviour.Rollback, Engineer, default);
        Assert.True(captured.Succeeded, string.Join("; ", captured.Errors));

        var activated = await Recalls(db, clock).ActivateAsync("RCL-000001", null, Engineer, default);
        var notices = await Recalls(db, clock).NotificationsAsync("RCL-000001", default);

        Assert.Equal(0, activated.UnitsHeld);
        Assert.Equal(["PC-3", "PC-4"], notices.Single(n => n.Code == "BETA").Units.Select(u => u.Serial));
        await using var check = t.NewContext();
        Assert.Equal(UnitStatus.InTransit, (await check.Units.SingleAsync(u => u.Serial == "PC-4")).Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Closing_is_refused_while_items_are_open_and_allowed_once_each_is_resolved(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var recalls = Recalls(db, clock);
        await recalls.OpenAsync(new OpenRecallRequest("Dry paste", BadPaste), Engineer, default);
        await recalls.ActivateAsync("RCL-000001", null, Engineer, default);
        await recalls.SetFateAsync("RCL-000001", new RecallFateRequest(RecallFate.Notified, Customer: "ACME"), Engineer, default);
        await recalls.SetFateAsync("RCL-000001", new RecallFateRequest(RecallFate.Replaced, ["PC-1", "PC 2".Replace(' ', '-')]), Engineer, default);
        await recalls.SetFateAsync("RCL-000001", new RecallFateRequest(RecallFate.NotFound, ["PC-3"]), Engineer, default);

        var refused = await Assert.ThrowsAsync<DomainException>(() => recalls.CloseAsync("RCL-000001", null, default));
        var noNote = await Assert.ThrowsAsync<DomainException>(() => recalls.SetFateAsync("RCL-000001", new RecallFateRequest(RecallFate.WrittenOff, ["PC-3"]), Engineer, default));
        await recalls.SetFateAsync("RCL-000001", new RecallFateRequest(RecallFate.WrittenOff, ["PC-3"], Note: "Customer went out of business"), Engineer, default);
        var progress = await recalls.SetFateAsync("RCL-000001", new RecallFateRequest(RecallFate.Destroyed, ["PC 4".Replace(' ', '-'), "PASTE P1"]), Engineer, default);
        var closed = await recalls.CloseAsync("RCL-000001", null, default);

        Assert.Equal(("recall.open_items", ErrorKind.RuleBroken), (refused.Code, refused.Kind));
        Assert.Contains("3 unresolved", refused.Message, StringComparison.Ordinal);
        Assert.Contains("PC PC-3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("PASTE lot P1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(("recall.write_off_needs_note", "note"), (noNote.Code, noNote.Field));
        Assert.Equal((5, 5, 100.0), (progress.Progress.Total, progress.Progress.Resolved, progress.Progress.Percent));
        Assert.Equal(RecallStatus.Closed, closed.Status);
        await using var check = t.NewContext();
        var pc3 = await check.Units.SingleAsync(u => u.Serial == "PC-3");
        var item = await check.RecallItems.SingleAsync(i => i.UnitId == pc3.Id);
        Assert.Equal((RecallFate.WrittenOff, "qe1", "Customer went out of business"), (item.Fate, item.FateBy, item.FateNote));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task One_unknown_serial_in_a_long_fate_list_sets_nothing(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var recalls = Recalls(db, clock);
        await recalls.OpenAsync(new OpenRecallRequest("Dry paste", BadPaste), Engineer, default);
        await recalls.ActivateAsync("RCL-000001", null, Engineer, default);

        var e = await Assert.ThrowsAsync<DomainException>(() => recalls.SetFateAsync("RCL-000001",
            new RecallFateRequest(RecallFate.Returned, ["PC-1", "PC-2", "PC-5", "PC-3"]), Engineer, default));

        Assert.Equal(("recall.item_not_found", "items[2]"), (e.Code, e.Field));
        await using var check = t.NewContext();
        Assert.All(await check.RecallItems.ToListAsync(), i => Assert.Equal(RecallFate.Open, i.Fate));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Recomputing_after_new_production_consumed_the_bad_lot_shows_and_adds_the_new_unit(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await Recalls(db, clock).OpenAsync(new OpenRecallRequest("Dry paste", BadPaste), Engineer, default);
        await BuildAsync(db, clock, "P1", null, "PC-6");

        var preview = await Recalls(db, clock).RecomputePreviewAsync("RCL-000001", default);
        var stale = await Assert.ThrowsAsync<DomainException>(() => Recalls(db, clock).RecomputeApplyAsync("RCL-000001", 5, default));
        var applied = await Recalls(db, clock).RecomputeApplyAsync("RCL-000001", 0, default);
        var again = await Recalls(db, clock).RecomputePreviewAsync("RCL-000001", default);

        Assert.Equal(["PC PC-6"], preview.Added.Select(a => a.Label));
        Assert.Empty(preview.NoLongerAffected);
        Assert.Equal(ErrorKind.Conflict, stale.Kind);
        Assert.Equal(["PC PC-6"], applied.Added.Select(a => a.Label));
        Assert.True(again.IsEmpty);
        await using var check = t.NewContext();
        Assert.Equal(6, await check.RecallItems.CountAsync());
        Assert.Equal(1, (await check.Recalls.SingleAsync()).Version);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_item_no_longer_reached_is_marked_out_of_scope_not_deleted(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await Recalls(db, clock).OpenAsync(new OpenRecallRequest("Dry paste", BadPaste), Engineer, default);
        // The lot's stock is used up (scrapped): nothing of it is left to hold or to notify about.
        await new Core.Processes.Adjustments(db, clock).ScrapAsync(new Core.Processes.ScrapRequest("Dried out", Lots: [new Core.Processes.LotQuantity("PASTE", "P1", 80, "WH1")]), Engineer, default);

        var diff = await Recalls(db, clock).RecomputeApplyAsync("RCL-000001", null, default);
        var view = await Recalls(db, clock).GetAsync("RCL-000001", default);

        Assert.Equal(["PASTE lot P1"], diff.NoLongerAffected.Select(c => c.Label));
        Assert.Equal((4, 1), (view.Progress.Total, view.OutOfScope));
        await using var check = t.NewContext();
        Assert.True((await check.RecallItems.SingleAsync(i => i.LotId != null)).OutOfScope);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_recall_opened_from_a_complaint_takes_its_root_cause_and_links_both_ways(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var complaints = Complaints(db, clock);
        var c = await complaints.CreateAsync(new ComplaintInput("PC-1", "Overheats"), Engineer, default);
        await complaints.SetRootCauseAsync(c.Number, new RootCauseInput(Lot: "P1", Text: "Paste dried out"), default);

        var recall = await Recalls(db, clock).OpenAsync(new OpenRecallRequest("Dry paste", Complaint: c.Number), Engineer, default);
        var twice = await Assert.ThrowsAsync<DomainException>(() => Recalls(db, clock).OpenAsync(new OpenRecallRequest("Again", Complaint: c.Number), Engineer, default));

        Assert.Equal((RecallRootKind.ComponentLot, "PASTE lot P1", c.Number), (recall.RootKind, recall.Root, recall.Complaint));
        Assert.Equal(5, recall.Progress.Total);
        Assert.Equal(recall.Number, (await Complaints(t.NewContext(), clock).GetAsync(c.Number, default)).Recall);
        Assert.Equal(("complaint.has_recall", "complaint"), (twice.Code, twice.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Other_roots_reach_their_units_and_a_bad_root_names_its_field(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var recalls = Recalls(db, clock);

        var order = await recalls.PreviewAsync(new RecallRoot(RecallRootKind.ProductionOrder, "MO-1"), default);
        var range = await recalls.PreviewAsync(new RecallRoot(RecallRootKind.SerialRange, Product: "PC", First: "PC-2", Last: "PC-3"), default);
        var supplierLot = await recalls.PreviewAsync(new RecallRoot(RecallRootKind.SupplierLot, "SL-10"), default);
        var unit = await recalls.PreviewAsync(new RecallRoot(RecallRootKind.Unit, "PC-5"), default);
        var noLot = await Assert.ThrowsAsync<DomainException>(() => recalls.PreviewAsync(new RecallRoot(RecallRootKind.ComponentLot, "NOPE"), default));
        var noWindow = await Assert.ThrowsAsync<DomainException>(() => recalls.PreviewAsync(new RecallRoot(RecallRootKind.StationWindow, "LINE1"), default));

        Assert.Equal(4, order.Units);
        Assert.Equal(2, range.Units);
        Assert.Equal((1, 1), (supplierLot.Units, supplierLot.Lots));
        Assert.Equal((1, "PC PC-5"), (unit.Units, unit.Root));
        Assert.Equal(("lot.not_found", "root.code"), (noLot.Code, noLot.Field));
        Assert.Equal(("field.required", "root.from"), (noWindow.Code, noWindow.Field));
    }
}
