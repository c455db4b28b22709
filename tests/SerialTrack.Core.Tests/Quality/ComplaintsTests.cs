using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Quality;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Tests.Quality.QualityWorld;

namespace SerialTrack.Core.Tests.Quality;

public sealed class ComplaintsTests
{
    readonly TestClock clock = new();

    [Theory, OnSqlite, OnPostgres]
    public async Task A_complaint_on_a_shipped_unit_takes_its_customer_and_shows_the_warranty_at_once(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var shippedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        clock.Advance(TimeSpan.FromDays(30));

        var c = await Complaints(db, clock).CreateAsync(new ComplaintInput("PC-2", "Overheats after ten minutes", FailedOn: DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-2)), Engineer, default);

        Assert.Equal(("CMP-000001", ComplaintStatus.Open, "PC", "PC-2", "ACME"), (c.Number, c.Status, c.Product, c.Serial, c.Customer));
        Assert.Equal(WarrantyState.InWarranty, c.Warranty!.State);
        Assert.Equal(shippedOn.AddMonths(12), c.Warranty.Until);
        Assert.Equal("Lift with two people", c.HandlingInstructions);
        await using var check = t.NewContext();
        var stored = await check.Complaints.SingleAsync();
        Assert.Equal(("qe1", c.UnitId), (stored.CreatedBy, stored.UnitId));
        var second = await Complaints(db, clock).CreateAsync(new ComplaintInput("PC-1", "Fan noise"), Engineer, default);
        Assert.Equal("CMP-000002", second.Number);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Warranty_is_not_started_before_shipping_and_expires_after_its_months(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var complaints = Complaints(db, clock);

        var inStock = await complaints.SubjectAsync("PC-4", null, null, default);
        clock.Advance(TimeSpan.FromDays(400));
        var old = await complaints.SubjectAsync("PC-1", null, null, default);
        var lot = await complaints.SubjectAsync("P1", null, null, default);

        Assert.Equal((WarrantyState.NotShipped, (string?)null), (inStock.Warranty!.State, inStock.Customer));
        Assert.Equal((WarrantyState.Expired, "ACME"), (old.Warranty!.State, old.Customer));
        Assert.Equal(("PASTE", "P1", (Warranty?)null), (lot.Product, lot.Lot, lot.Warranty));
        Assert.Equal(WarrantyState.NoWarranty, Warranty.Of(clock.GetUtcNow(), null, new DateOnly(2026, 1, 1)).State);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Bad_input_names_the_field_and_writes_nothing(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var complaints = Complaints(db, clock);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var unknown = await Assert.ThrowsAsync<DomainException>(() => complaints.CreateAsync(new ComplaintInput("NOPE-9", "Broken"), Engineer, default));
        var noSymptom = await Assert.ThrowsAsync<DomainException>(() => complaints.CreateAsync(new ComplaintInput("PC-1", " "), Engineer, default));
        var dates = await Assert.ThrowsAsync<DomainException>(() => complaints.CreateAsync(new ComplaintInput("PC-1", "Broken", ReportedOn: today.AddDays(-3), FailedOn: today), Engineer, default));
        var customer = await Assert.ThrowsAsync<DomainException>(() => complaints.CreateAsync(new ComplaintInput("PC-1", "Broken", Customer: "SUP"), Engineer, default));

        Assert.Equal(("complaint.item_not_found", "item", ErrorKind.NotFound), (unknown.Code, unknown.Field, unknown.Kind));
        Assert.Equal(("field.required", "symptom"), (noSymptom.Code, noSymptom.Field));
        Assert.Equal(("complaint.failed_after_reported", "failedOn"), (dates.Code, dates.Field));
        Assert.Equal(("party.wrong_role", "customer"), (customer.Code, customer.Field));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Complaints.CountAsync());
        Assert.Equal(0, await check.Sequences.CountAsync(s => s.Name == "complaint"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Status_follows_its_rules_closing_needs_a_root_cause_and_rejecting_a_reason(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var complaints = Complaints(db, clock);
        var c = await complaints.CreateAsync(new ComplaintInput("PC-1", "Overheats"), Engineer, default);

        var skip = await Assert.ThrowsAsync<DomainException>(() => complaints.SetStatusAsync(c.Number, ComplaintStatus.Closed, null, null, Engineer, default));
        await complaints.SetStatusAsync(c.Number, ComplaintStatus.Investigating, null, null, Engineer, default);
        var noCause = await Assert.ThrowsAsync<DomainException>(() => complaints.SetStatusAsync(c.Number, ComplaintStatus.Closed, null, null, Engineer, default));
        var noReason = await Assert.ThrowsAsync<DomainException>(() => complaints.SetStatusAsync(c.Number, ComplaintStatus.Rejected, null, null, Engineer, default));
        var withCause = await complaints.SetRootCauseAsync(c.Number, new RootCauseInput(Lot: "P1", Station: "LINE1", Supplier: "SUP", Text: "Paste dried out"), default);
        var closed = await complaints.SetStatusAsync(c.Number, ComplaintStatus.Closed, "Paste lot replaced", withCause.Version, Engineer, default);

        Assert.Equal(("complaint.bad_transition", "status"), (skip.Code, skip.Field));
        Assert.Equal("complaint.no_root_cause", noCause.Code);
        Assert.Equal(("complaint.reject_needs_note", "note"), (noReason.Code, noReason.Field));
        Assert.Equal(("PASTE lot P1", "LINE1", "SUP", "Paste dried out"), (withCause.RootCauseLot, withCause.RootCauseStation, withCause.RootCauseSupplier, withCause.RootCause));
        Assert.Equal(ComplaintStatus.Closed, closed.Status);
        Assert.Equal(clock.GetUtcNow(), closed.ClosedAt);
        Assert.Equal("Closed: Paste lot replaced", closed.Notes.Single().Text);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Notes_and_files_are_kept_with_their_author_and_checksum(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var complaints = Complaints(db, clock);
        var c = await complaints.CreateAsync(new ComplaintInput("PC-3", "Does not boot"), Engineer, default);
        var photo = "fake jpeg bytes"u8.ToArray();

        await complaints.AddNoteAsync(c.Number, "Customer sent a photo of the board.", Engineer, default);
        var file = await complaints.AttachAsync(c.Number, @"C:\photos\board.jpg", "image/jpeg", photo, Engineer, default);
        var tooBig = await Assert.ThrowsAsync<DomainException>(() => complaints.AttachAsync(c.Number, "huge.bin", null, new byte[Core.Quality.Complaints.MaxAttachmentBytes + 1], Engineer, default));
        var badType = await Assert.ThrowsAsync<DomainException>(() => complaints.AttachAsync(c.Number, "x.txt", "not a type", photo, Engineer, default));

        var view = await complaints.GetAsync(c.Number, default);
        Assert.Equal(("qe1", "Customer sent a photo of the board."), (view.Notes.Single().Author, view.Notes.Single().Text));
        Assert.Equal(("board.jpg", "image/jpeg", 15L), (file.FileName, file.ContentType, file.Size));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo)), file.Sha256);
        var back = await complaints.AttachmentAsync(c.Number, file.Id, default);
        Assert.Equal(photo, back.Content);
        Assert.Equal(("attachment.too_large", "file"), (tooBig.Code, tooBig.Field));
        Assert.Equal(("attachment.bad_content_type", "contentType"), (badType.Code, badType.Field));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.ComplaintAttachments.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_people_changing_one_complaint_at_once_end_in_one_change_and_one_conflict(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        string number;
        await using (var db = t.NewContext())
        {
            number = (await Complaints(db, clock).CreateAsync(new ComplaintInput("PC-1", "Overheats"), Engineer, default)).Number;
        }
        await using var first = t.NewContext();
        await using var second = t.NewContext();
        var a = Complaints(first, clock);
        var b = Complaints(second, clock);
        await a.FindAsync(number, default);
        await b.FindAsync(number, default);

        await a.SetStatusAsync(number, ComplaintStatus.Investigating, null, null, Engineer, default);
        var lost = await Assert.ThrowsAsync<DomainException>(() => b.SetStatusAsync(number, ComplaintStatus.Rejected, "duplicate", null, Engineer, default));
        await using var third = t.NewContext();
        var stale = await Assert.ThrowsAsync<DomainException>(() => Complaints(third, clock).SetRootCauseAsync(number, new RootCauseInput(Text: "x", Version: 0), default));

        Assert.Equal((ErrorKind.Conflict, "complaint.changed"), (lost.Kind, lost.Code));
        Assert.Equal((ErrorKind.Conflict, "version"), (stale.Kind, stale.Field));
        await using var check = t.NewContext();
        var stored = await check.Complaints.SingleAsync();
        Assert.Equal((ComplaintStatus.Investigating, 1, (string?)null), (stored.Status, stored.Version, stored.RootCause));
        Assert.Equal(0, await check.ComplaintNotes.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_complaint_about_a_lot_names_the_customer_its_shipment_went_to(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();

        var c = await Complaints(db, clock).CreateAsync(new ComplaintInput("P2", "Paste separates", Product: "PASTE", Customer: "BETA"), Engineer, default);
        var list = await Complaints(db, clock).ListAsync(ComplaintStatus.Open, "BETA", null, null, 50, default);

        Assert.Equal(("P2", (string?)null, "BETA", (Warranty?)null), (c.Lot, c.Serial, c.Customer, c.Warranty));
        Assert.Equal(("PASTE lot P2", c.Number), (list.Single().Item, list.Single().Number));
    }
}
