namespace SerialTrack.Core.Data;

// Named counters (order numbers, SSCC serial references). Taken with one upsert inside the caller's
// transaction: a rolled-back process gives its numbers back, and two writers never get the same one.
public static class Sequences
{
    // Reserves count numbers and returns the first; numbering starts at 1.
    public static Task<long> NextAsync(SqlSession sql, string name, CancellationToken ct, long count = 1) =>
        sql.OnOpenConnectionAsync(() => sql.ScalarLongAsync("""
            INSERT INTO sequences (name, next) VALUES (@name, @count + 1)
            ON CONFLICT (name) DO UPDATE SET next = sequences.next + @count
            RETURNING next - @count
            """, ct, ("name", name), ("count", count)), ct);
}

public static class Settings
{
    // GS1 company prefix of the installation, used for SSCCs of containers.
    public const string CompanyPrefix = "gs1.company_prefix";

    // Extension digit (0-9) that starts every SSCC this installation assigns.
    public const string SsccExtension = "gs1.sscc_extension";

    // EPCIS identifiers: the Digital Link host for GS1 keys, and the base of URIs for what has no GS1 key.
    public const string DigitalLinkStem = "gs1.digital_link_stem";
    public const string EpcisBaseUri = "epcis.base_uri";

    // The last native event published into the EPCIS repository (EpcisCapturing.PublishNativeAsync); not set by hand.
    public const string EpcisPublishedThrough = "epcis.published_through";
}
