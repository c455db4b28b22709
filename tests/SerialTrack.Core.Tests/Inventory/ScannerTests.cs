using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Inventory;

public sealed class ScannerTests
{
    // GS1 General Specifications' example GTIN (company prefix 9506000, item 13435).
    const string Gtin = "09506000134352";
    const string SugarGtin = "04006381333931";
    const string Gln = "4006381333931";
    static readonly Actor Operator = new(null, "op1");
    static readonly TestClock Clock = new();

    // A dryer (GTIN, handling instructions) with unit ABC123 carrying a MAC, serial EXP1 expected;
    // sugar lot L42 in WH1; a dock with a GLN.
    static async Task AWorld(SerialTrackDbContext db)
    {
        await World.ASerialProductAndAWarehouse(db);
        var catalog = new ProductCatalog(db, Clock);
        await catalog.CreateAsync(new ProductInput("DRY1", "Dryer", Gtin: Gtin, HandlingInstructions: "Keep upright; two-person lift."), default);
        await catalog.CreateAsync(new ProductInput("SUGAR", "Sugar", Gtin: SugarGtin, Tracking: TrackingMode.Lot, Uom: "kg"), default);
        await new LocationCatalog(db, Clock).CreateAsync(new LocationInput("DOCK", "Dock", LocationKind.Zone, "SITE", Gln), default);
        await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("DRY1", ["ABC123"], "WH1",
            Identifiers: [[new IdentifierInput("mac", "00:1A:2B:3C:4D:5E")]]), Operator, default);
        await new SerialNumbers(db, Clock).ReserveAsync("DRY1", null, ["EXP1"], null, "PO-7", Operator, default);
        await new Receiving(db, Clock).ReceiveLotAsync(new ReceiveLotRequest("SUGAR", "L42", 25, "WH1"), Operator, default);
    }

    static async Task<ScanResult> Scan(DbKind kind, string text)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWorld(db);
        return await new Scanner(db).ScanAsync(text, default);
    }

    static UnitState TheDryer(ScanResult r)
    {
        Assert.Equal(ScanKind.Unit, r.Kind);
        var unit = Assert.Single(r.Matches).Unit!;
        Assert.Equal(("DRY1", "ABC123", UnitStatus.Available, "WH1"), (unit.Product, unit.Serial, unit.Status, unit.Location));
        Assert.Equal(["Keep upright; two-person lift."], r.HandlingInstructions);
        return unit;
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_serial_finds_its_unit_with_state_identifiers_and_handling_instructions(DbKind kind)
    {
        var unit = TheDryer(await Scan(kind, "ABC123"));

        Assert.Equal(["mac:00:1A:2B:3C:4D:5E"], unit.Identifiers);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_bracketed_element_string_finds_the_unit(DbKind kind)
    {
        var r = await Scan(kind, $"(01){Gtin}(21)ABC123");

        TheDryer(r);
        Assert.Equal([new Core.Gs1.Gs1Element("01", Gtin), new Core.Gs1.Gs1Element("21", "ABC123")], r.Gs1!.Ais);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_datamatrix_scanner_string_with_a_group_separator_finds_the_unit(DbKind kind)
    {
        var r = await Scan(kind, $"]d201{Gtin}21ABC123\u001d17271231");

        TheDryer(r);
        Assert.Equal("]d2", r.Gs1!.Symbology);
        Assert.Equal($"(01){Gtin}(21)ABC123(17)271231", r.Gs1.ElementString);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_digital_link_uri_finds_the_unit(DbKind kind) =>
        TheDryer(await Scan(kind, $"https://id.gs1.org/01/{Gtin}/21/ABC123"));

    [Theory, OnSqlite, OnPostgres]
    public async Task An_epc_urn_finds_the_unit(DbKind kind)
    {
        // TDS 2.1 §6.3.1: company prefix 9506000, indicator 0 + item 13435 → GTIN 0 9506000 13435 + check digit 2.
        var r = await Scan(kind, "urn:epc:id:sgtin:9506000.013435.ABC123");

        TheDryer(r);
        Assert.Equal($"(01){Gtin}(21)ABC123", r.Gs1!.ElementString);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_mac_address_in_another_notation_finds_the_unit_that_carries_it(DbKind kind) =>
        TheDryer(await Scan(kind, "00-1a-2b-3c-4d-5e"));

    [Theory, OnSqlite, OnPostgres]
    public async Task A_gtin_and_batch_find_the_lot_with_its_balances(DbKind kind)
    {
        var r = await Scan(kind, $"(01){SugarGtin}(10)L42");

        Assert.Equal(ScanKind.Lot, r.Kind);
        var lot = Assert.Single(r.Matches).Lot!;
        Assert.Equal(("SUGAR", "L42"), (lot.Product, lot.Lot));
        Assert.Equal(25m, Assert.Single(lot.Balances).Quantity);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_gln_in_ai_414_finds_the_location(DbKind kind)
    {
        var r = await Scan(kind, $"(414){Gln}");

        Assert.Equal(ScanKind.Location, r.Kind);
        Assert.Equal("DOCK", Assert.Single(r.Matches).Location!.Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_sscc_nobody_knows_is_unknown_with_the_reason(DbKind kind)
    {
        var r = await Scan(kind, "(00)106141412345678908");

        Assert.Equal(ScanKind.Unknown, r.Kind);
        Assert.Empty(r.Matches);
        Assert.Contains("nothing known matches", r.Message, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_gtin_with_a_wrong_check_digit_says_what_the_check_digit_should_be(DbKind kind)
    {
        var r = await Scan(kind, "(01)09506000134353(21)ABC123");

        Assert.Equal(ScanKind.Unknown, r.Kind);
        Assert.Contains("should be 2", r.Message, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_serial_expected_but_not_received_is_reported_as_expected(DbKind kind)
    {
        var r = await Scan(kind, $"(01){Gtin}(21)EXP1");

        Assert.Equal(ScanKind.Expected, r.Kind);
        var expected = Assert.Single(r.Matches).Expected!;
        Assert.Equal(("DRY1", "EXP1", ExpectedStatus.Expected), (expected.Product, expected.Serial, expected.Status));
    }
}
