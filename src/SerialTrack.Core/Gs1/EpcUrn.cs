using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SerialTrack.Core.Gs1;

public enum EpcUrnKind
{
    Sgtin,
    Sscc,
    Sgln,
    Lgtin,
    SgtinPattern,
}

// EPC Tag Data Standard 2.x §6 (pure identity URIs) and §8 (class-level and pattern URIs).
public static class EpcUrn
{
    private const string SgtinPrefix = "urn:epc:id:sgtin:";
    private const string SsccPrefix = "urn:epc:id:sscc:";
    private const string SglnPrefix = "urn:epc:id:sgln:";
    private const string LgtinPrefix = "urn:epc:class:lgtin:";
    private const string SgtinPatternPrefix = "urn:epc:idpat:sgtin:";

    // TDS §6.3 Table 6-1: characters of CSET 82 that are escaped in an EPC URI component.
    private const string Escaped = "\"%&/<>?";

    public static ElementString ToElementString(string urn) =>
        TryToElementString(urn, out var result, out var error) ? result : throw new Gs1Exception(error);

    public static bool TryToElementString(string urn, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        var (kind, prefix) = urn switch
        {
            _ when urn.StartsWith(SgtinPrefix, StringComparison.OrdinalIgnoreCase) => (EpcUrnKind.Sgtin, SgtinPrefix),
            _ when urn.StartsWith(SsccPrefix, StringComparison.OrdinalIgnoreCase) => (EpcUrnKind.Sscc, SsccPrefix),
            _ when urn.StartsWith(SglnPrefix, StringComparison.OrdinalIgnoreCase) => (EpcUrnKind.Sgln, SglnPrefix),
            _ when urn.StartsWith(LgtinPrefix, StringComparison.OrdinalIgnoreCase) => (EpcUrnKind.Lgtin, LgtinPrefix),
            _ when urn.StartsWith(SgtinPatternPrefix, StringComparison.OrdinalIgnoreCase) => (EpcUrnKind.SgtinPattern, SgtinPatternPrefix),
            _ => ((EpcUrnKind?)null, ""),
        };
        if (kind is null)
        {
            return TryOtherSchemeToElementString(urn, out result, out error);
        }

        var body = urn[prefix.Length..];
        var parts = body.Split('.', kind == EpcUrnKind.Sscc ? 2 : 3);
        var expectedParts = kind == EpcUrnKind.Sscc ? 2 : 3;
        if (parts.Length != expectedParts || parts.Any(p => p.Length == 0))
        {
            error = Gs1Error.For(Gs1ErrorCodes.EpcUrn, null, prefix.Length, $"expected {expectedParts} dot-separated parts after '{prefix}'");
            return false;
        }

        var companyPrefix = parts[0];
        var reference = parts[1];
        var referencePosition = prefix.Length + companyPrefix.Length + 1;
        var digitsTotal = kind switch { EpcUrnKind.Sscc => 17, EpcUrnKind.Sgln => 12, _ => 13 };
        if (companyPrefix.Length is < 6 or > 12 || !companyPrefix.All(char.IsAsciiDigit) ||
            !reference.All(char.IsAsciiDigit) || companyPrefix.Length + reference.Length != digitsTotal)
        {
            error = Gs1Error.For(Gs1ErrorCodes.EpcUrn, null, prefix.Length,
                $"company prefix (6 to 12 digits) and reference must be digits totalling {digitsTotal}");
            return false;
        }

        var builder = new ElementString.Builder(Gs1InputForm.EpcUrn, Gs1Symbology.None);
        var thirdPosition = referencePosition + reference.Length + 1;
        switch (kind)
        {
            case EpcUrnKind.Sscc:
                var ssccBody = reference[0] + companyPrefix + reference[1..];
                return builder.TryAdd("00", WithCheckDigit(ssccBody), 0, out error) && builder.TryBuild(out result, out error);
            case EpcUrnKind.Sgln:
                var gln = WithCheckDigit(companyPrefix + reference);
                if (!builder.TryAdd("414", gln, 0, out error))
                {
                    return false;
                }

                // TDS §6.3.3: extension "0" means the GLN has no extension component.
                if (parts[2] != "0" && !builder.TryAdd("254", Unescape(parts[2]), thirdPosition, out error))
                {
                    return false;
                }

                return builder.TryBuild(out result, out error);
            default:
                var gtin = WithCheckDigit(reference[0] + companyPrefix + reference[1..]);
                if (!builder.TryAdd("01", gtin, 0, out error))
                {
                    return false;
                }

                if (kind == EpcUrnKind.SgtinPattern)
                {
                    if (parts[2] != "*")
                    {
                        error = Gs1Error.For(Gs1ErrorCodes.EpcUrn, null, thirdPosition, "only patterns of the form CompanyPrefix.ItemRef.* are supported");
                        return false;
                    }
                }
                else if (!builder.TryAdd(kind == EpcUrnKind.Lgtin ? "10" : "21", Unescape(parts[2]), thirdPosition, out error))
                {
                    return false;
                }

                return builder.TryBuild(out result, out error);
        }
    }

    public static string FromElementString(ElementString elementString, IGs1CompanyPrefixes prefixes, EpcUrnKind? kind = null) =>
        TryFromElementString(elementString, prefixes, kind, out var urn, out var error) ? urn : throw new Gs1Exception(error);

    public static bool TryFromElementString(
        ElementString elementString, IGs1CompanyPrefixes prefixes, EpcUrnKind? kind,
        [NotNullWhen(true)] out string? urn, [NotNullWhen(false)] out Gs1Error? error)
    {
        urn = null;
        kind ??= elementString switch
        {
            _ when elementString.Contains("00") => EpcUrnKind.Sscc,
            _ when elementString.Contains("01") && elementString.Contains("21") => EpcUrnKind.Sgtin,
            _ when elementString.Contains("01") && elementString.Contains("10") => EpcUrnKind.Lgtin,
            _ when elementString.Contains("01") => EpcUrnKind.SgtinPattern,
            _ when elementString.Contains("414") => EpcUrnKind.Sgln,
            _ => null,
        };

        var (keyAi, extraAi) = kind switch
        {
            EpcUrnKind.Sgtin => ("01", "21"),
            EpcUrnKind.Lgtin => ("01", "10"),
            EpcUrnKind.SgtinPattern => ("01", null),
            EpcUrnKind.Sscc => ("00", null),
            EpcUrnKind.Sgln => ("414", (string?)null),
            _ => ("", null),
        };
        var key = keyAi.Length > 0 ? elementString.Get(keyAi) : null;
        var extra = extraAi is null ? null : elementString.Get(extraAi);
        if (key is null || (extraAi is not null && extra is null))
        {
            error = Gs1Error.For(Gs1ErrorCodes.EpcUrn, null, null,
                kind is null
                    ? "no (00), (01) or (414) to express as an EPC URI"
                    : $"an {kind} EPC URI needs ({keyAi}){(extraAi is null ? "" : $" and ({extraAi})")}");
            return false;
        }

        // The GS1 Company Prefix starts after the GTIN indicator / SSCC extension digit.
        var gcpStart = keyAi == "414" ? 0 : 1;
        var what = keyAi switch { "01" => "GTIN", "00" => "SSCC", _ => "GLN" };
        if (!prefixes.TryGetPrefixLength(key[gcpStart..], out var length) || length is < 6 or > 12)
        {
            error = Gs1Error.For(Gs1ErrorCodes.CompanyPrefix, keyAi, null,
                $"no configured GS1 Company Prefix (6 to 12 digits) matches {what} {key}");
            return false;
        }

        var companyPrefix = key.Substring(gcpStart, length);
        var rest = key[(gcpStart + length)..^1];
        urn = kind switch
        {
            EpcUrnKind.Sgtin => $"{SgtinPrefix}{companyPrefix}.{key[0]}{rest}.{Escape(extra!)}",
            EpcUrnKind.Lgtin => $"{LgtinPrefix}{companyPrefix}.{key[0]}{rest}.{Escape(extra!)}",
            EpcUrnKind.SgtinPattern => $"{SgtinPatternPrefix}{companyPrefix}.{key[0]}{rest}.*",
            EpcUrnKind.Sscc => $"{SsccPrefix}{companyPrefix}.{key[0]}{rest}",
            _ => $"{SglnPrefix}{companyPrefix}.{rest}.{Escape(elementString.Get("254") ?? "0")}",
        };
        error = null;
        return true;
    }

    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (Escaped.Contains(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    public static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && char.IsAsciiHexDigit(value[i + 1]) && char.IsAsciiHexDigit(value[i + 2]))
            {
                sb.Append((char)Convert.ToInt32(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }

    // TDS 2.x §6.3 (pure identity EPC URIs) and §8 (EPC pattern URIs) for the keys beyond sgtin/sscc/sgln/lgtin:
    // each scheme is a company prefix, a reference that completes a fixed number of digits, and perhaps a serial.
    private static bool TryOtherSchemeToElementString(string urn, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        var isPattern = urn.StartsWith("urn:epc:idpat:", StringComparison.OrdinalIgnoreCase);
        if (!isPattern && !urn.StartsWith("urn:epc:id:", StringComparison.OrdinalIgnoreCase))
        {
            error = Gs1Error.For(Gs1ErrorCodes.EpcUrn, null, 0, "an EPC URI starts with urn:epc:id:, urn:epc:class: or urn:epc:idpat:");
            return false;
        }

        var rest = urn[(isPattern ? "urn:epc:idpat:" : "urn:epc:id:").Length..];
        var colon = rest.IndexOf(':');
        var scheme = colon > 0 ? rest[..colon].ToLowerInvariant() : "";
        var parts = colon > 0 ? rest[(colon + 1)..].Split('.') : [];
        var builder = new ElementString.Builder(Gs1InputForm.EpcUrn, Gs1Symbology.None);
        var position = urn.Length - rest.Length + colon + 1;

        bool Fail(string reason, out Gs1Error e)
        {
            e = Gs1Error.For(Gs1ErrorCodes.EpcUrn, null, position, $"{scheme}: {reason}");
            return false;
        }

        bool Digits(int index, int total, out string digits)
        {
            digits = "";
            if (parts.Length <= index || parts[0].Length is < 6 or > 12 || !parts[0].All(char.IsAsciiDigit) ||
                !parts[index].All(char.IsAsciiDigit) || parts[0].Length + parts[index].Length != total)
            {
                return false;
            }

            digits = parts[0] + parts[index];
            return true;
        }

        bool Serial(int index, bool optional, out string serial)
        {
            serial = parts.Length > index ? parts[index] : "";
            if (isPattern)
            {
                var ok = serial == "*" && parts.Length == index + 1;
                serial = "";
                return ok;
            }

            serial = Unescape(serial);
            return parts.Length == index + 1 && (optional || serial.Length > 0);
        }

        string? reason = scheme switch
        {
            "grai" => Digits(1, 12, out var d) && Serial(2, true, out var s) ? Adds(("8003", WithCheckDigit("0" + d) + s)) : "expected CompanyPrefix.AssetType.Serial totalling 12 digits before the serial",
            "gdti" => Digits(1, 12, out var d) && Serial(2, true, out var s) ? Adds(("253", WithCheckDigit(d) + s)) : "expected CompanyPrefix.DocumentType.Serial totalling 12 digits before the serial",
            "sgcn" => Digits(1, 12, out var d) && Serial(2, true, out var s) ? Adds(("255", WithCheckDigit(d) + s)) : "expected CompanyPrefix.CouponReference.Serial totalling 12 digits before the serial",
            "pgln" when !isPattern => Digits(1, 12, out var d) && parts.Length == 2 ? Adds(("417", WithCheckDigit(d))) : "expected CompanyPrefix.PartyReference totalling 12 digits",
            "gsrn" when !isPattern => Digits(1, 17, out var d) && parts.Length == 2 ? Adds(("8018", WithCheckDigit(d))) : "expected CompanyPrefix.ServiceReference totalling 17 digits",
            "gsrnp" when !isPattern => Digits(1, 17, out var d) && parts.Length == 2 ? Adds(("8017", WithCheckDigit(d))) : "expected CompanyPrefix.ServiceReference totalling 17 digits",
            "gsin" when !isPattern => Digits(1, 16, out var d) && parts.Length == 2 ? Adds(("402", WithCheckDigit(d))) : "expected CompanyPrefix.ShipperReference totalling 16 digits",
            "giai" when !isPattern => parts.Length == 2 && parts[0].Length is >= 6 and <= 12 && parts[0].All(char.IsAsciiDigit)
                ? Adds(("8004", parts[0] + Unescape(parts[1]))) : "expected CompanyPrefix.IndividualAssetReference",
            "ginc" when !isPattern => parts.Length == 2 && parts[0].Length is >= 6 and <= 12 && parts[0].All(char.IsAsciiDigit)
                ? Adds(("401", parts[0] + Unescape(parts[1]))) : "expected CompanyPrefix.ConsignmentReference",
            "cpi" => parts.Length == 3 && parts[0].Length is >= 6 and <= 12 && parts[0].All(char.IsAsciiDigit) && Serial(2, false, out var s)
                ? (isPattern ? Adds(("8010", parts[0] + Unescape(parts[1]))) : Adds(("8010", parts[0] + Unescape(parts[1])), ("8011", s)))
                : "expected CompanyPrefix.ComponentPartReference.Serial",
            "itip" => Digits(1, 13, out var d) && parts.Length >= 4 && parts[2].Length == 2 && parts[3].Length == 2 && Serial(4, false, out var s)
                ? (isPattern
                    ? Adds(("8006", WithCheckDigit(d[parts[0].Length] + parts[0] + parts[1][1..]) + parts[2] + parts[3]))
                    : Adds(("8006", WithCheckDigit(d[parts[0].Length] + parts[0] + parts[1][1..]) + parts[2] + parts[3]), ("21", s)))
                : "expected CompanyPrefix.IndicatorItemReference.Piece.Total.Serial",
            "upui" when !isPattern => Digits(1, 13, out var d) && Serial(2, false, out var s)
                ? Adds(("01", WithCheckDigit(d[parts[0].Length] + parts[0] + parts[1][1..])), ("235", s))
                : "expected CompanyPrefix.IndicatorItemReference.ThirdPartyExtension",
            _ => "supported EPC URI schemes are sgtin, sscc, sgln, grai, giai, gsrn, gsrnp, gdti, cpi, sgcn, ginc, gsin, itip, upui, pgln, lgtin (class) and their patterns",
        };

        string? Adds(params (string Ai, string Value)[] elements)
        {
            foreach (var (ai, value) in elements)
            {
                if (!builder.TryAdd(ai, value, position, out var e))
                {
                    return e.Message;
                }
            }

            return null;
        }

        if (reason is not null)
        {
            return Fail(reason, out error);
        }

        return builder.TryBuild(out result, out error);
    }

    private static string WithCheckDigit(string digits) => digits + Gs1Linters.ComputeCheckDigit(digits);
}
