using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Serials;

public sealed class SerialImportTests
{
    static readonly Actor Operator = new(null, "op1");
    static readonly TestClock Clock = new();

    static Task<SerialImportResult> Import(SerialTrackDbContext db, ImportTarget target, string text, bool allOrNothing = false) =>
        new SerialImport(db, Clock).ImportAsync(new SerialImportRequest(target, "A100", text, "WH1", AllOrNothing: allOrNothing), Operator, default);

    [Theory, OnSqlite, OnPostgres]
    public async Task A_csv_with_serial_and_mac_columns_creates_units_carrying_their_macs(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);

        var result = await Import(db, ImportTarget.Units, "serial,mac\nS1,00-1a-2b-3c-4d-5e\nS2,001A.2B3C.4D5F\n");

        Assert.Equal((2, 0), (result.Accepted, result.Rejects.Count));
        await using var check = t.NewContext();
        var ids = await check.UnitIdentifiers.Join(check.Units, i => i.UnitId, u => u.Id, (i, u) => new { u.Serial, i.Kind, i.Value }).OrderBy(x => x.Serial).ToListAsync();
        Assert.Equal(["S1 mac 00:1A:2B:3C:4D:5E", "S2 mac 00:1A:2B:3C:4D:5F"], ids.Select(x => $"{x.Serial} {x.Kind} {x.Value}"));
    }

    const string ListWithMistakes = """
        serial,mac
        S1,00:1A:2B:3C:4D:01
        S2,00:1A:2B:3C:4D:02
        S1,00:1A:2B:3C:4D:03
        S 4,00:1A:2B:3C:4D:04
        OLD,00:1A:2B:3C:4D:05
        S6,00:1A:2B:3C:4D:ZZ
        S7,00:1A:2B:3C:4D:07
        """;

    [Theory, OnSqlite, OnPostgres]
    public async Task Rejects_name_their_line_and_the_good_lines_are_written(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("A100", ["OLD"], "WH1"), Operator, default);

        var result = await Import(db, ImportTarget.Units, ListWithMistakes);

        Assert.Equal(3, result.Accepted);
        Assert.Equal([4, 5, 6, 7], result.Rejects.Select(r => r.Line));
        Assert.Contains("appears earlier in the list", result.Rejects[0].Message, StringComparison.Ordinal);
        Assert.Equal("serial", result.Rejects[1].Field);
        Assert.Contains("a unit with this serial exists", result.Rejects[2].Message, StringComparison.Ordinal);
        Assert.Contains("not a MAC address", result.Rejects[3].Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(["OLD", "S1", "S2", "S7"], await check.Units.Select(u => u.Serial).OrderBy(s => s).ToListAsync());
        Assert.Equal(3, await check.UnitIdentifiers.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task With_all_or_nothing_one_bad_line_means_nothing_is_written(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);

        var result = await Import(db, ImportTarget.Units, ListWithMistakes, allOrNothing: true);

        Assert.Equal(0, result.Accepted);
        Assert.NotEmpty(result.Rejects);
        Assert.Null(result.EventId);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Units.CountAsync());
        Assert.Equal(0, await check.UnitIdentifiers.CountAsync());
        Assert.Equal(0, await check.Events.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_identifiers_import_adds_identifiers_to_existing_units_and_rejects_unknown_serials(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("A100", ["S1", "S2"], "WH1"), Operator, default);

        var result = await Import(db, ImportTarget.Identifiers, "serial,mac\nS1,00:1A:2B:3C:4D:01\nS2,00:1a:2b:3c:4d:02\nS9,00:1A:2B:3C:4D:09\n");

        Assert.Equal(2, result.Accepted);
        var reject = Assert.Single(result.Rejects);
        Assert.Equal(4, reject.Line);
        Assert.Contains("no unit of A100", reject.Message, StringComparison.Ordinal);
        Assert.NotNull(result.EventId);
        await using var check = t.NewContext();
        Assert.Equal(["00:1A:2B:3C:4D:01", "00:1A:2B:3C:4D:02"], await check.UnitIdentifiers.Select(i => i.Value).OrderBy(v => v).ToListAsync());
        Assert.Equal(2, await check.Units.CountAsync());
    }
}
