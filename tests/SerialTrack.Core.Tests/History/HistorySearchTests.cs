using SerialTrack.Core.Events;
using SerialTrack.Core.History;
using SerialTrack.Core.Inventory;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Events.EventType;

namespace SerialTrack.Core.Tests.History;

public sealed class HistorySearchTests
{
    static async Task<TestDb> AWorld(DbKind kind)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await HistoryWorld.BuildAsync(db);
        return t;
    }

    static async Task<EventType[]> Search(TestDb t, HistoryQuery query)
    {
        await using var db = t.NewContext();
        var page = await new HistorySearch(db, new Scanner(db)).SearchAsync(query, default);
        return [.. page.Rows.Select(r => r.Type)];
    }

    public static TheoryData<DbKind, string, HistoryQuery, EventType[]> Filters()
    {
        var data = new TheoryData<DbKind, string, HistoryQuery, EventType[]>();
        (string, HistoryQuery, EventType[])[] cases =
        [
            ("nothing", new(), [Held, Shipped, Moved, LotReceived, Received, Commissioned]),
            ("product", new(Product: "A100"), [Held, Shipped, Moved, Commissioned]),
            ("lot product", new(Product: "FLOUR"), [LotReceived]),
            ("category", new(Category: "gadgets"), [Received]),
            ("serial exact", new(Serial: "SN-001"), [Moved, Commissioned]),
            ("serial prefix", new(Serial: "SN-1*"), [Received]),
            ("serial prefix and product", new(Serial: "SN*", Product: "B200"), [Received]),
            ("lot exact", new(Lot: "L-2026-01"), [LotReceived]),
            ("lot prefix", new(Lot: "L-2026*"), [LotReceived]),
            ("identifier serial", new(Identifier: "SN-003"), [Held, Commissioned]),
            ("identifier lot", new(Identifier: "L-2026-01"), [LotReceived]),
            ("location subtree", new(Location: "WH1"), [Held, Shipped, LotReceived, Received, Commissioned]),
            ("location leaf", new(Location: "X1"), [Moved]),
            ("supplier", new(Party: "SUP"), [LotReceived, Received]),
            ("customer", new(Party: "CUST"), [Shipped]),
            ("type", new(Types: [Moved, Held]), [Held, Moved]),
            ("business step", new(BizStep: "receiving"), [LotReceived, Received]),
            ("disposition", new(Disposition: "in_transit"), [Shipped]),
            ("order", new(Order: "PO-1"), [LotReceived, Received]),
            ("actor", new(Actor: "alice"), [Moved, Commissioned]),
            ("date range", new(From: HistoryWorld.Day(2), To: HistoryWorld.Day(4)), [LotReceived, Received]),
            ("notes text any case", new(Text: "DENTED"), [Received]),
            ("reason text with wildcards taken literally", new(Text: "50%_off"), [Shipped]),
            ("percent alone matches no other text", new(Text: "%_"), [Shipped]),
            ("actor and type", new(Actor: "carol", Types: [Held]), [Held]),
            ("product, location and date", new(Product: "A100", Location: "WH1", From: HistoryWorld.Day(3)), [Held, Shipped]),
            ("serial and actor", new(Serial: "SN-00*", Actor: "alice", To: HistoryWorld.Day(3)), [Commissioned]),
            ("location and disposition", new(Location: "SITE", Disposition: "active", BizStep: "relocating"), [Moved]),
            ("party and text that do not meet", new(Party: "CUST", Text: "dented"), []),
        ];
        foreach (var kind in new[] { DbKind.Sqlite, DbKind.Postgres }.Where(k => k == DbKind.Sqlite || TestDb.PostgresServer is not null))
        {
            foreach (var (name, query, expected) in cases)
            {
                data.Add(kind, name, query, expected);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Filters))]
    public async Task Each_filter_and_their_combinations_find_exactly_the_matching_events_newest_first(DbKind kind, string name, HistoryQuery query, EventType[] expected)
    {
        await using var t = await AWorld(kind);
        var found = await Search(t, query);

        Assert.True(expected.AsEnumerable().SequenceEqual(found), $"{name}: {string.Join(", ", found)}");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_row_tells_who_when_where_why_and_what(DbKind kind)
    {
        await using var t = await AWorld(kind);
        await using var db = t.NewContext();

        var row = (await new HistorySearch(db, new Scanner(db)).SearchAsync(new(Order: "SO-1"), default)).Rows.Single();

        Assert.Equal(HistoryWorld.Day(5), row.Time);
        Assert.Equal("+02:00", row.Offset);
        Assert.Equal(("shipping", "in_transit", "B1", "carol"), (row.BizStep, row.Disposition, row.Location, row.Actor));
        Assert.Equal(("SO-1", SerialTrack.Core.Orders.OrderKind.Sales, "CUST", (string?)null), (row.Order, row.OrderKind, row.Destination, row.Source));
        Assert.Equal("50%_off promo", row.Reason);
        Assert.Equal(["A100 SN-002"], row.Objects.Select(o => o.Label));
        var lotRow = (await new HistorySearch(db, new Scanner(db)).SearchAsync(new(Types: [LotReceived]), default)).Rows.Single();
        Assert.Equal(("FLOUR L-2026-01", 100m, "kg"), (lotRow.Objects.Single().Label, lotRow.Objects.Single().Quantity, lotRow.Objects.Single().Uom));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Pages_follow_each_other_without_duplicates_or_gaps_even_when_events_share_a_moment(DbKind kind)
    {
        await using var t = await AWorld(kind);
        await using (var db = t.NewContext())
        {
            // Ten more events at the same moment as event 4: ties are broken by id.
            for (var i = 0; i < 10; i++)
            {
                db.Events.Add(new Event { Type = StageChanged, EventTime = HistoryWorld.Day(4).ToUniversalTime(), RecordTime = HistoryWorld.Day(4).ToUniversalTime(), Actor = "dave" });
            }
            await db.SaveChangesAsync();
        }
        await using var read = t.NewContext();
        var search = new HistorySearch(read, new Scanner(read));
        var all = (await search.SearchAsync(new(Limit: 1000), default)).Rows.Select(r => r.Id).ToList();

        var paged = new List<long>();
        long? after = null;
        do
        {
            var page = await search.SearchAsync(new(After: after, Limit: 4), default);
            Assert.True(page.Rows.Count <= 4);
            paged.AddRange(page.Rows.Select(r => r.Id));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(16, all.Count);
        Assert.Equal(all, paged);
        Assert.Equal(all.Count, paged.Distinct().Count());
        var streamed = new List<long>();
        await foreach (var row in search.AllAsync(new(), default))
        {
            streamed.Add(row.Id);
        }
        Assert.Equal(all, streamed);
    }

    [Theory]
    [InlineData("product", "product")]
    [InlineData("category", "category")]
    [InlineData("location", "location")]
    [InlineData("party", "party")]
    [InlineData("order", "order")]
    [InlineData("identifier", "identifier")]
    [InlineData("serial prefix", "serial")]
    [InlineData("lot prefix", "lot")]
    [InlineData("from after to", "from")]
    [InlineData("text", "text")]
    [InlineData("after", "after")]
    public async Task A_bad_filter_is_refused_naming_its_field(string bad, string field)
    {
        await using var t = await AWorld(DbKind.Sqlite);
        HistoryQuery query = bad switch
        {
            "product" => new(Product: "NOPE"),
            "category" => new(Category: "nope"),
            "location" => new(Location: "NOPE"),
            "party" => new(Party: "NOPE"),
            "order" => new(Order: "NOPE"),
            "identifier" => new(Identifier: "NOTHING-HERE"),
            "serial prefix" => new(Serial: "S*"),
            "lot prefix" => new(Lot: "*"),
            "from after to" => new(From: HistoryWorld.Day(5), To: HistoryWorld.Day(4)),
            "text" => new(Text: "x"),
            _ => new(After: 999_999),
        };

        var e = await Assert.ThrowsAsync<DomainException>(() => Search(t, query));

        Assert.Equal(field, e.Field);
    }
}
