using System.Net.Http.Json;
using System.Text.Json;

namespace SerialTrack.Tests.Support;

// Data for label tests, made through the API as a user would: API, CLI and browser tests share it.
public static class LabelWorld
{
    // Product A1 (with a GTIN, serial-tracked) and its units in bin B1 of WH1; returns the unit ids in serial order.
    public static async Task<long[]> UnitsAsync(HttpClient admin, params string[] serials)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", gtin = "04006381333931", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials, location = "B1" })).EnsureSuccessStatusCode();
        var units = await admin.GetFromJsonAsync<JsonElement>("/api/v1/units?product=A1&limit=100");
        return [.. units.GetProperty("items").EnumerateArray().OrderBy(u => u.GetProperty("serial").GetString(), StringComparer.Ordinal)
            .Select(u => u.GetProperty("id").GetInt64())];
    }

    // UnitsAsync's A1 with `stock` in B1, and a purchase order from SUP whose `received` serials arrived in B1; returns its number.
    public static async Task<string> AReceivedPurchaseOrderAsync(HttpClient admin, string[] received, params string[] stock)
    {
        await UnitsAsync(admin, stock);
        (await admin.PostAsJsonAsync("/api/v1/parties", new { code = "SUP", name = "Supplier", role = "supplier" })).EnsureSuccessStatusCode();
        var created = await admin.PostAsJsonAsync("/api/v1/purchase-orders", new { party = "SUP", lines = new[] { new { product = "A1", quantity = received.Length } } });
        var po = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        (await admin.PostAsJsonAsync("/api/v1/receipts", new { order = po, location = "B1", lines = new[] { new { product = "A1", serials = received } } })).EnsureSuccessStatusCode();
        return po;
    }
}
