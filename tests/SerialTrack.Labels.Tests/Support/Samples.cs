using SerialTrack.Labels.Templates;

namespace SerialTrack.Labels.Tests.Support;

public static class Samples
{
    public const string Gtin13 = "09506000134352";       // GTIN-14 form of EAN-13 9506000134352
    public const string Gtin12 = "00012345678905";       // GTIN-14 form of UPC-A 012345678905

    public static readonly string[] Serials = ["1", "SN000123", "ABCDEFGHIJ0123456789", "abc-DEF_ghi.JKL/mno", "12345678901234567890", "X!%&'()*+,-./:;<=>?"];

    // AI (10) values: CSET 82 specials, max length 20, all digits, single char.
    public static readonly string[] Lots = ["!\"%&'()*+,-./:;<=>?_", "L0T-2025/07_A", "12345678901234567890", "a", "B(10)21<GS>?"];

    public static readonly string[] Expiries = ["251231", "260630", "300229", "991231", "270100"];

    public static Dictionary<string, string> Unit(string serial, string gtin = Gtin13)
    {
        var (raw, hri) = Gs1TestData.Build(("01", gtin), ("21", serial));
        return new()
        {
            [LabelFields.ProductName] = "Widget Pro 3000 – stainless, long product name that must be condensed",
            [LabelFields.Sku] = "WP-3000-SS",
            [LabelFields.Serial] = serial,
            [LabelFields.Gtin] = gtin,
            [LabelFields.Gs1Raw] = raw,
            [LabelFields.Gs1Hri] = hri,
        };
    }

    public static Dictionary<string, string> Lot(string lot, string expiry, string gtin = Gtin13)
    {
        var (raw, hri) = Gs1TestData.Build(("01", gtin), ("17", expiry), ("10", lot));
        return new()
        {
            [LabelFields.ProductName] = "Saline 0.9% 500 ml",
            [LabelFields.Lot] = lot,
            [LabelFields.Expiry] = expiry,
            [LabelFields.Gs1Raw] = raw,
            [LabelFields.Gs1Hri] = hri,
        };
    }

    public static Dictionary<string, string> Location(string code) => new() { [LabelFields.Location] = code };

    public static string SsccFor(int n) => Gs1TestData.Sscc("0" + "9506000" + n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture));

    public static Dictionary<string, string> Container(string code, string? sscc)
    {
        var d = new Dictionary<string, string> { [LabelFields.Container] = code, [LabelFields.Customer] = "ACME Retail GmbH" };
        if (sscc is not null)
        {
            var (raw, hri) = Gs1TestData.Build(("00", sscc));
            d[LabelFields.Sscc] = sscc;
            d[LabelFields.Gs1Raw] = raw;
            d[LabelFields.Gs1Hri] = hri;
        }
        return d;
    }

    public static Dictionary<string, string> Logistic(string sscc, string lot, string expiry)
    {
        var (raw, hri) = Gs1TestData.Build(("00", sscc));
        return new()
        {
            [LabelFields.ShipFrom] = "SerialTrack Demo Ltd, 1 Dock Road, Rotterdam",
            [LabelFields.ShipTo] = "ACME Retail GmbH, DC Nord, Hamburg",
            [LabelFields.Sscc] = sscc,
            [LabelFields.Content] = Gtin13,
            [LabelFields.Count] = "48",
            [LabelFields.Lot] = lot,
            [LabelFields.Expiry] = expiry,
            [LabelFields.Gs1Raw] = raw,
            [LabelFields.Gs1Hri] = hri,
        };
    }

    public static Dictionary<string, string> For(LabelTemplate t) => t.Name switch
    {
        "unit" => Unit("ABCDEFGHIJ0123456789"),
        "lot" => Lot(Lots[0], Expiries[0]),
        "location" => Location("A-01-02-03"),
        "container" => Container("CNT-000123", SsccFor(42)),
        "gs1-logistic" => Logistic(SsccFor(7), Lots[1], Expiries[1]),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };
}
