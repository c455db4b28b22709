namespace SerialTrack.Labels.Barcodes;

public static class Gtin
{
    // GTIN-12/13/14 padded to 14 digits with the GS1 mod-10 check digit verified (GS1 General Specifications §7.9.1).
    public static string ToGtin14(string gtin, string field = "gtin")
    {
        if (gtin.Length is not (12 or 13 or 14) || !gtin.All(char.IsAsciiDigit))
            throw new LabelException("gtin.invalid", $"'{gtin}' in '{field}' is not a GTIN-12, GTIN-13 or GTIN-14", field);
        var g14 = gtin.PadLeft(14, '0');
        if (CheckDigit(g14.AsSpan(0, 13)) != g14[13] - '0')
            throw new LabelException("gtin.check_digit", $"GTIN '{gtin}' in '{field}' has a wrong check digit", field);
        return g14;
    }

    public static int CheckDigit(ReadOnlySpan<char> digitsWithoutCheck)
    {
        int sum = 0;
        for (int i = 0; i < digitsWithoutCheck.Length; i++)
        {
            int d = digitsWithoutCheck[digitsWithoutCheck.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? d * 3 : d;
        }
        return (10 - sum % 10) % 10;
    }

    // EAN-13 can carry a GTIN-13, or a GTIN-14/12 whose leading digit is 0 (an indicator digit other than 0 needs ITF-14 or GS1-128).
    public static string ToEan13(string gtin, string field = "gtin")
    {
        var g14 = ToGtin14(gtin, field);
        if (g14[0] != '0')
            throw new LabelException("gtin.not_ean13", $"GTIN '{gtin}' in '{field}' has indicator digit {g14[0]}: EAN-13 can only carry GTINs starting with 0 in their 14-digit form", field);
        return g14[1..];
    }

    // UPC-A carries exactly a GTIN-12, i.e. a GTIN-14 starting with 00.
    public static string ToUpcA(string gtin, string field = "gtin")
    {
        var g14 = ToGtin14(gtin, field);
        if (g14[0] != '0' || g14[1] != '0')
            throw new LabelException("gtin.not_upca", $"GTIN '{gtin}' in '{field}' is not a GTIN-12 (needs 00 at the start of its 14-digit form): UPC-A cannot carry it", field);
        return g14[2..];
    }
}
