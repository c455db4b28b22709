using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Locations;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Locations;

public sealed class LocationCatalogTests
{
    [Fact]
    public async Task Moving_a_zone_to_another_warehouse_moves_its_bins_with_it()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using var db = t.NewContext();
        var catalog = new LocationCatalog(db, new TestClock());
        await catalog.CreateAsync(new LocationInput("WH1", "One", LocationKind.Warehouse), default);
        var wh2 = await catalog.CreateAsync(new LocationInput("WH2", "Two", LocationKind.Warehouse), default);
        var zone = await catalog.CreateAsync(new LocationInput("Z1", "Zone", LocationKind.Zone, "WH1"), default);
        await catalog.CreateAsync(new LocationInput("BIN1", "Bin", LocationKind.Bin, "Z1"), default);

        await catalog.UpdateAsync(zone.Id, new LocationInput("Z1", "Zone", LocationKind.Zone, "WH2"), default);

        await using var check = t.NewContext();
        var bin = await check.Locations.SingleAsync(l => l.Code == "BIN1");
        Assert.Equal($"/{wh2.Id}/{zone.Id}/{bin.Id}/", bin.Path);
    }

    [Fact]
    public async Task A_location_cannot_become_a_child_of_its_own_descendant()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using var db = t.NewContext();
        var catalog = new LocationCatalog(db, new TestClock());
        var wh = await catalog.CreateAsync(new LocationInput("WH1", "One", LocationKind.Warehouse), default);
        await catalog.CreateAsync(new LocationInput("Z1", "Zone", LocationKind.Zone, "WH1"), default);

        var e = await Assert.ThrowsAsync<DomainException>(() => catalog.UpdateAsync(wh.Id, new LocationInput("WH1", "One", LocationKind.Warehouse, "Z1"), default));

        Assert.Equal("location.cycle", e.Code);
        Assert.Equal("parentCode", e.Field);
    }

    [Fact]
    public async Task A_duplicate_code_and_a_bad_GLN_are_refused_naming_the_field()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using var db = t.NewContext();
        var catalog = new LocationCatalog(db, new TestClock());
        await catalog.CreateAsync(new LocationInput("WH1", "One", LocationKind.Warehouse), default);

        var duplicate = await Assert.ThrowsAsync<DomainException>(() => catalog.CreateAsync(new LocationInput("WH1", "Again", LocationKind.Warehouse), default));
        var gln = await Assert.ThrowsAsync<DomainException>(() => catalog.CreateAsync(new LocationInput("WH2", "Two", LocationKind.Warehouse, Gln: "9506000134353"), default));

        Assert.Equal(("location.duplicate_code", "code"), (duplicate.Code, duplicate.Field));
        Assert.Equal(("gln.check_digit", "gln"), (gln.Code, gln.Field));
        Assert.Contains("should be", gln.Message, StringComparison.Ordinal);
    }
}
