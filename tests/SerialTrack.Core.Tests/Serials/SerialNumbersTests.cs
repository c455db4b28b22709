using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Serials;

public sealed class SerialNumbersTests
{
    const string Weekly = "{SKU}-{YY}{WW}-{SEQ:5/per SKU,YY}{CHECK:luhn}";
    static readonly Actor Operator = new(null, "op1");
    static readonly TestClock Clock = new();
    static readonly SerialTemplate Template = SerialTemplate.Parse(Weekly);

    // The serial the scheme gives A100 for sequence value n on the test clock's date (2026 week 10).
    static string Nth(long n, string sku = "A100") => Template.Format(new SerialContext(sku, Clock.GetUtcNow()), n);

    static async Task AWidgetWithTheWeeklyScheme(SerialTrackDbContext db)
    {
        await World.ASerialProductAndAWarehouse(db);
        await new SerialNumbers(db, Clock).CreateSchemeAsync(new SchemeInput("weekly", Weekly), default);
        var catalog = new ProductCatalog(db, Clock);
        await catalog.SetSerialsAsync((await catalog.FindAsync("A100", default)).Id, "weekly", SerialUniqueness.WithinProduct, default);
    }

    static async Task<IReadOnlyList<string>> Generate(SerialTrackDbContext db, int n) =>
        (await new Commissioning(db, Clock).CommissionWithSerialsAsync(new CommissionRequest("A100", [], "WH1", Generate: n), Operator, default)).Serials;

    static async Task<long> CounterOf(TestDb t)
    {
        await using var check = t.NewContext();
        return await check.SerialCounters.Select(c => c.NextValue).SingleAsync();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Commissioning_generates_consecutive_serials_that_decode_back_to_their_sequence(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWidgetWithTheWeeklyScheme(db);

        var first = await Generate(db, 5);
        var second = await Generate(db, 3);

        Assert.StartsWith("A100-2610-00001", first[0], StringComparison.Ordinal);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], first.Concat(second).Select(s => Template.Validate(s).Sequence!.Value));
        var decoded = await new SerialNumbers(db, Clock).DecodeAsync(second[2], "A100", default);
        Assert.Equal("weekly", Assert.Single(decoded).Scheme);
        Assert.Equal(8, await db.Units.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_typed_serial_with_a_wrong_check_character_is_refused_and_writes_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWidgetWithTheWeeklyScheme(db);
        var good = Nth(1);
        var typo = good[..^1] + (char)('0' + (good[^1] - '0' + 1) % 10);

        var e = await Assert.ThrowsAsync<DomainException>(() =>
            new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("A100", [good, typo], "WH1"), Operator, default));

        Assert.Equal("serial.check_character", e.Code);
        Assert.Equal("serials[1]", e.Field);
        Assert.Contains($"should be {good[^1]}", e.Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Units.CountAsync());
        Assert.Equal(0, await check.Events.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Four_writers_generating_at_once_get_a_thousand_distinct_serials_and_the_counter_moves_by_a_thousand(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var db = t.NewContext())
        {
            await AWidgetWithTheWeeklyScheme(db);
        }

        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var db = t.NewContext();
            return await Generate(db, 250);
        })));

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(1000, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), all.Select(s => Template.Validate(s).Sequence!.Value).Order());
        Assert.Equal(1001, await CounterOf(t));
        await using var check = t.NewContext();
        Assert.Equal(1000, await check.Units.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_generation_that_rolls_back_burns_no_numbers(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var db = t.NewContext())
        {
            await AWidgetWithTheWeeklyScheme(db);
            await Generate(db, 2);
            // Someone typed the serial the counter hands out fourth: the next generation of 2 collides.
            await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("A100", [Nth(4)], "WH1"), Operator, default);
        }

        await using (var db = t.NewContext())
        {
            var e = await Assert.ThrowsAsync<DomainException>(() => Generate(db, 2));
            Assert.Equal("unit.duplicate_serial", e.Code);
        }
        Assert.Equal(3, await CounterOf(t));

        await using (var db = t.NewContext())
        {
            Assert.Equal([Nth(3)], await Generate(db, 1));
        }
        Assert.Equal(4, await CounterOf(t));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_serial_on_another_product_is_refused_only_when_the_product_demands_uniqueness_across_products(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var catalog = new ProductCatalog(db, Clock);
        await catalog.CreateAsync(new ProductInput("B200", "Within"), default);
        var across = await catalog.CreateAsync(new ProductInput("C300", "Across"), default);
        await catalog.SetSerialsAsync(across.Id, null, SerialUniqueness.AcrossProducts, default);
        var commissioning = new Commissioning(db, Clock);
        await commissioning.CommissionAsync(new CommissionRequest("A100", ["X1"], "WH1"), Operator, default);

        var e = await Assert.ThrowsAsync<DomainException>(() => commissioning.CommissionAsync(new CommissionRequest("C300", ["X1"], "WH1"), Operator, default));
        await commissioning.CommissionAsync(new CommissionRequest("B200", ["X1"], "WH1"), Operator, default);

        Assert.Equal("unit.duplicate_serial", e.Code);
        await using var check = t.NewContext();
        Assert.Equal(["A100", "B200"], await check.Units.Where(u => u.Serial == "X1").Join(check.Products, u => u.ProductId, p => p.Id, (u, p) => p.Sku).OrderBy(s => s).ToListAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Reserved_serials_are_accepted_when_only_expected_ones_may_arrive_and_others_are_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWidgetWithTheWeeklyScheme(db);
        var reservation = await new SerialNumbers(db, Clock).ReserveAsync("A100", 100, null, null, "WO-1", Operator, default);
        var commissioning = new Commissioning(db, Clock);

        await commissioning.CommissionAsync(new CommissionRequest("A100", reservation.Serials.Take(3).ToList(), "WH1", ExpectedOnly: true), Operator, default);
        var e = await Assert.ThrowsAsync<DomainException>(() =>
            commissioning.CommissionAsync(new CommissionRequest("A100", [reservation.Serials[3], Nth(500)], "WH1", ExpectedOnly: true), Operator, default));

        Assert.Equal(100, reservation.Count);
        Assert.Equal(reservation.Serials, Enumerable.Range(1, 100).Select(i => Nth(i)));
        Assert.Equal("serial.unexpected", e.Code);
        Assert.Equal("serials[1]", e.Field);
        await using var check = t.NewContext();
        var received = await check.ExpectedSerials.Where(x => x.Status == ExpectedStatus.Received).OrderBy(x => x.Serial).ToListAsync();
        Assert.Equal(reservation.Serials.Take(3), received.Select(x => x.Serial));
        Assert.All(received, x => Assert.NotNull(x.UnitId));
        Assert.Equal(97, await check.ExpectedSerials.CountAsync(x => x.Status == ExpectedStatus.Expected));
        Assert.Equal(3, await check.Units.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Cancelling_a_reservation_records_its_open_serials_as_gaps(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWidgetWithTheWeeklyScheme(db);
        var numbers = new SerialNumbers(db, Clock);
        var reservation = await numbers.ReserveAsync("A100", 10, null, null, null, Operator, default);
        await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("A100", reservation.Serials.Take(2).ToList(), "WH1", ExpectedOnly: true), Operator, default);

        var cancelled = await numbers.CancelReservationAsync(reservation.Id, "work order cancelled", default);

        Assert.Equal(8, cancelled);
        await using var check = t.NewContext();
        var gaps = await check.SerialGaps.OrderBy(g => g.Serial).ToListAsync();
        Assert.Equal(reservation.Serials.Skip(2), gaps.Select(g => g.Serial));
        Assert.All(gaps, g => Assert.Equal("work order cancelled", g.Reason));
        Assert.Equal(8, await check.ExpectedSerials.CountAsync(x => x.Status == ExpectedStatus.Cancelled));
        // A cancelled serial is never handed out again.
        var again = await Assert.ThrowsAsync<DomainException>(() => numbers.ReserveAsync("A100", null, [reservation.Serials[5]], null, null, Operator, default));
        Assert.Equal("serial.duplicate", again.Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_product_without_a_scheme_of_its_own_uses_its_categorys(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var numbers = new SerialNumbers(db, Clock);
        await numbers.CreateSchemeAsync(new SchemeInput("meters", "M{SEQ:6}"), default);
        await new ProductCatalog(db, Clock).CreateAsync(new ProductInput("MTR1", "Meter", Category: "Meters"), default);
        await numbers.AssignCategoryAsync("Meters", "meters", default);

        var (_, serials) = await new Commissioning(db, Clock).CommissionWithSerialsAsync(new CommissionRequest("MTR1", [], "WH1", Generate: 2), Operator, default);

        Assert.Equal(["M000001", "M000002"], serials);
        var e = await Assert.ThrowsAsync<DomainException>(() => new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("MTR1", ["X-1"], "WH1"), Operator, default));
        Assert.Equal("serial.pattern", e.Code);
    }
}
