using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Data;

public sealed record SettingView(string Key, string? Value, string Description);

// The installation's settings: a few known keys, each checked when it is set. Unknown keys are refused so
// that a typo never becomes a setting nobody reads.
public sealed class InstallationSettings(SerialTrackDbContext db, TimeProvider clock)
{
    static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [Settings.CompanyPrefix] = "GS1 Company Prefix (6 to 12 digits) used to number SSCCs of pallets and cases.",
        [Settings.SsccExtension] = "SSCC extension digit (0-9) that starts every SSCC this installation assigns; default 0.",
        [Settings.DigitalLinkStem] = $"Host of the GS1 Digital Link URIs in EPCIS exports; default {Gs1.DigitalLink.DefaultStem}.",
        [Settings.EpcisBaseUri] = $"Base of the URIs EPCIS exports give what has no GS1 key (units without GTIN, locations without GLN, orders); default {Epcis.EpcisUris.DefaultBase}.",
    };

    public async Task<List<SettingView>> ListAsync(CancellationToken ct)
    {
        var stored = await db.Settings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        return [.. Known.Select(k => new SettingView(k.Key, stored.GetValueOrDefault(k.Key), k.Value))];
    }

    public async Task<string?> GetAsync(string key, CancellationToken ct)
    {
        var k = KnownKey(key);
        return await db.Settings.AsNoTracking().Where(s => s.Key == k).Select(s => s.Value).FirstOrDefaultAsync(ct);
    }

    public async Task<SettingView> SetAsync(string key, string? value, CancellationToken ct)
    {
        var k = KnownKey(key);
        var v = Validate(k, value);
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == k, ct);
        if (row is null)
        {
            db.Settings.Add(new Setting { Key = k, Value = v, UpdatedAt = clock.GetUtcNow() });
        }
        else
        {
            row.Value = v;
            row.UpdatedAt = clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        return new SettingView(k, v, Known[k]);
    }

    static string KnownKey(string? key)
    {
        var k = Text.RequiredCode(key, "key", 64);
        return Known.ContainsKey(k) ? k
            : throw DomainException.BadInput("setting.unknown", "key", $"Unknown setting '{k}'. Known: {string.Join(", ", Known.Keys)}.");
    }

    static string Validate(string key, string? value)
    {
        if (key is Settings.DigitalLinkStem or Settings.EpcisBaseUri)
        {
            var uri = Text.Required(value, "value", 200).TrimEnd('/');
            return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http" && parsed.Query.Length == 0
                ? uri
                : throw DomainException.BadInput("setting.uri", "value", $"Give an http(s) URI without query, such as https://id.example.com, not '{uri}'.");
        }
        var v = Text.RequiredCode(value, "value", 64);
        switch (key)
        {
            case Settings.CompanyPrefix:
                // GS1 General Specifications §1.4.4: a GS1 Company Prefix is 4 to 12 digits; the ones that
                // number SSCCs in practice are 6 to 12 (shorter prefixes are GS1-8 prefixes for GTIN-8 only).
                if (v.Length is < 6 or > 12 || !v.All(char.IsAsciiDigit))
                {
                    throw DomainException.BadInput("setting.company_prefix", "value", $"A GS1 Company Prefix is 6 to 12 digits, not '{v}'.");
                }
                break;
            case Settings.SsccExtension:
                if (v.Length != 1 || !char.IsAsciiDigit(v[0]))
                {
                    throw DomainException.BadInput("setting.sscc_extension", "value", $"The SSCC extension digit is one digit 0-9, not '{v}'.");
                }
                break;
        }
        return v;
    }

    // GS1 General Specifications §2.2.1: an SSCC is the extension digit, the GS1 Company Prefix, a serial
    // reference filling 17 digits, and a check digit. The serial reference comes from the "sscc" sequence
    // inside the caller's transaction, so a rolled-back packing gives its number back.
    public static async Task<Sscc> NextSsccAsync(SerialTrackDbContext db, SqlSession sql, string field, CancellationToken ct)
    {
        var stored = await db.Settings.AsNoTracking().Where(s => s.Key == Settings.CompanyPrefix || s.Key == Settings.SsccExtension)
            .ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        if (!stored.TryGetValue(Settings.CompanyPrefix, out var prefix))
        {
            throw DomainException.Rule("sscc.no_company_prefix",
                $"No GS1 Company Prefix is configured, so no SSCC can be assigned. Set it first: serialtrack settings set {Settings.CompanyPrefix} <digits>.", field);
        }
        var extension = stored.GetValueOrDefault(Settings.SsccExtension, "0");
        var width = 16 - prefix.Length;
        var next = await Sequences.NextAsync(sql, "sscc", ct);
        if (next.ToString(CultureInfo.InvariantCulture).Length > width)
        {
            throw DomainException.Rule("sscc.exhausted", $"All {width}-digit serial references of prefix {prefix} with extension {extension} are used.", field);
        }
        var body = extension + prefix + next.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        return Sscc.Parse(body + Gs1CheckDigit.Compute(body).ToString(CultureInfo.InvariantCulture));
    }
}
