using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.Epcis;

// The URI of each thing SerialTrack knows, for EPCIS (DESIGN.md, Identifiers): a GS1 Digital Link where there is a
// GS1 key (GTIN + serial or lot, SSCC, GLN), otherwise a URI under the installation's configured base. Both hosts are
// settings (gs1.digital_link_stem, epcis.base_uri).
public sealed record EpcisUris(string Stem, string Base)
{
    // .invalid (RFC 2606) says plainly that the installation has not chosen its own base yet.
    public const string DefaultBase = "https://serialtrack.invalid/id";

    public static async Task<EpcisUris> LoadAsync(SerialTrackDbContext db, CancellationToken ct)
    {
        var stored = await db.Settings.AsNoTracking()
            .Where(s => s.Key == Settings.DigitalLinkStem || s.Key == Settings.EpcisBaseUri)
            .ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        return new EpcisUris(stored.GetValueOrDefault(Settings.DigitalLinkStem, DigitalLink.DefaultStem), stored.GetValueOrDefault(Settings.EpcisBaseUri, DefaultBase));
    }

    public string Unit(string? gtin, string sku, string serial) =>
        Link(gtin, "21", serial) ?? $"{Base}/units/{Escape(sku)}/{Escape(serial)}";

    // A lot is a class of objects (EPCIS epcClass), not an instance.
    public string Lot(string? gtin, string sku, string code) =>
        Link(gtin, "10", code) ?? $"{Base}/lots/{Escape(sku)}/{Escape(code)}";

    public string Container(string? sscc, string code) => Link(sscc is null ? null : [new("00", sscc)]) ?? $"{Base}/containers/{Escape(code)}";

    public string Location(string? gln, string code) => Link(gln is null ? null : [new("414", gln)]) ?? $"{Base}/locations/{Escape(code)}";

    // GS1 General Specifications §3.7.2: AI (417) is the GLN of a party, as EPCIS source and destination name it.
    public string Party(string? gln, string code) => Link(gln is null ? null : [new("417", gln)]) ?? $"{Base}/parties/{Escape(code)}";

    public string Order(OrderKind kind, string number) => $"{Base}/{kind.ToString().ToLowerInvariant()}-orders/{Escape(number)}";

    public string Transformation(long eventId) => $"{Base}/transformations/{eventId}";

    // Reads back a URI written under any installation's base ({base}/units/SKU/SERIAL, /lots/SKU/CODE,
    // /containers/CODE, /locations/CODE, /parties/CODE), so a document exported by one SerialTrack names the same
    // things when captured by another. Null for anything else.
    public static PrivateKey? ReadPrivate(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            return null;
        }
        var segments = parsed.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        return segments switch
        {
            [.., "units" or "lots", var sku, var value] when segments[^3] is var kind => new PrivateKey(kind == "units" ? PrivateKind.Unit : PrivateKind.Lot, sku, value),
            [.., "containers", var code] => new PrivateKey(PrivateKind.Container, null, code),
            [.., "locations", var code] => new PrivateKey(PrivateKind.Location, null, code),
            [.., "parties", var code] => new PrivateKey(PrivateKind.Party, null, code),
            _ => null,
        };
    }

    private string? Link(string? gtin, string ai, string value) => Link(gtin is null ? null : [new("01", gtin), new(ai, value)]);

    // A stored key that GS1 rules refuse (a serial outside CSET 82) gets a private URI rather than a broken link.
    private string? Link(Gs1Element[]? elements) =>
        elements is not null && ElementString.TryCreate(elements, out var es, out _) && DigitalLink.TryCreate(es, Stem, out var uri, out _) ? uri : null;

    private static string Escape(string value) => Uri.EscapeDataString(value);
}

public enum PrivateKind
{
    Unit,
    Lot,
    Container,
    Location,
    Party,
}

// A thing named by an installation's own URI: its product's SKU (units and lots) and its serial or code.
public sealed record PrivateKey(PrivateKind Kind, string? Sku, string Value);
