using SerialTrack.Core.Data;

namespace SerialTrack.Core.Epcis;

// What a captured error declaration does here. The declared event stays stored, and so do its effects on the
// inventory: undoing them would rewrite history that later events built on, so a corrective event or a person puts
// things right. Each unit the declared event changed gets a review item saying so, on its page and in the review
// queue; a declared event that changed no unit, or that is not stored here, gets one item naming it.
internal static class ErrorDeclarations
{
    public sealed record Declared(int Index, long StoredId, string EventId, string Hash, EpcisErrorDeclaration Declaration);

    public const string Code = "epcis.error_declared";

    public static async Task<List<EpcisCaptureNote>> ReviewAsync(SqlSession sql, IReadOnlyList<Declared> declared, DateTimeOffset now, CancellationToken ct)
    {
        var notes = new List<EpcisCaptureNote>();
        var rows = new List<object?[]>();
        var at = sql.Time(now);
        foreach (var d in declared)
        {
            // The declared event has the declaration's hash (errorDeclaration is not hashed), whatever eventID was sent.
            var native = await sql.ScalarLongAsync(
                "SELECT COALESCE(MIN(native_event_id), -1) FROM epcis_stored_events WHERE declares_error = @no AND (event_hash = @h OR event_id = @id)", ct,
                ("no", false), ("h", d.Hash), ("id", d.EventId));
            var units = native < 0 ? [] : await UnitsOfAsync(sql, native, ct);
            var what = $"{d.EventId} was declared erroneous by its sender ({Reason(d.Declaration)}){Corrective(d.Declaration)}.";
            if (native < 0)
            {
                rows.Add([d.StoredId, null, d.EventId, Code, $"{what} No such event is stored here.", at]);
                notes.Add(new(d.Index, d.EventId, Code, $"{what} No such event is stored here, so nothing else changed; it is kept for review."));
                continue;
            }
            const string stands = "What it did stands until a corrective event or a person changes it.";
            rows.AddRange(units.Count == 0
                ? [[d.StoredId, null, d.EventId, Code, $"{what} {stands}", at]]
                : units.Select(u => new object?[] { d.StoredId, u, null, Code, $"{what} {stands}", at }));
            notes.Add(new(d.Index, d.EventId, Code, units.Count == 0
                ? $"{what} Nothing was undone; it is kept for review."
                : $"{what} Nothing was undone; its {units.Count} unit{(units.Count == 1 ? " is" : "s are")} listed for review."));
        }
        await sql.InsertAsync("epcis_review_items", ["stored_event_id", "unit_id", "epc", "code", "message", "created_at"], rows, ct);
        return notes;
    }

    public sealed record Arrived(int Index, string EventId, string Hash, long NativeEventId);

    // An event whose sender had already declared it erroneous (the declaration came first, in an earlier capture) is
    // followed like any other, and its units are listed for review as the declaration would have listed them.
    public static async Task<List<EpcisCaptureNote>> ReviewDeclaredEarlierAsync(SqlSession sql, long captureId, IReadOnlyList<Arrived> arrived, DateTimeOffset now,
        CancellationToken ct)
    {
        if (arrived.Count == 0)
        {
            return [];
        }
        var declarations = (await sql.StringsWhereInAsync(
                "SELECT CAST(id AS TEXT) || ' ' || event_hash FROM epcis_stored_events WHERE declares_error = @yes AND capture_id <> @job AND event_hash IN ({in})",
                [.. arrived.Select(a => a.Hash).Distinct()], ct, ("yes", true), ("job", captureId)))
            .Select(text => text.Split(' ', 2)).ToDictionary(parts => parts[1], parts => long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
        var notes = new List<EpcisCaptureNote>();
        var rows = new List<object?[]>();
        foreach (var a in arrived.Where(a => declarations.ContainsKey(a.Hash)))
        {
            var what = $"{a.EventId} had already been declared erroneous by its sender when it arrived. What it did stands until a corrective event or a person changes it.";
            var units = await UnitsOfAsync(sql, a.NativeEventId, ct);
            rows.AddRange(units.Count == 0
                ? [[declarations[a.Hash], null, a.EventId, Code, what, sql.Time(now)]]
                : units.Select(u => new object?[] { declarations[a.Hash], u, null, Code, what, sql.Time(now) }));
            notes.Add(new(a.Index, a.EventId, Code, what));
        }
        await sql.InsertAsync("epcis_review_items", ["stored_event_id", "unit_id", "epc", "code", "message", "created_at"], rows, ct);
        return notes;
    }

    static Task<List<long>> UnitsOfAsync(SqlSession sql, long nativeEventId, CancellationToken ct) => sql.OnOpenConnectionAsync(async () =>
    {
        var units = new List<long>();
        await using var cmd = sql.Command("SELECT DISTINCT unit_id FROM event_units WHERE event_id = @e ORDER BY unit_id", ("e", nativeEventId));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            units.Add(reader.GetInt64(0));
        }
        return units;
    }, ct);

    // The CBV word (incorrect_data, did_not_occur), or a private reason as sent.
    static string Reason(EpcisErrorDeclaration d) => d.Reason is { Length: > 0 } r ? Cbv.Word(CbvVocabulary.ErrorReason, r) ?? r : "no reason given";

    static string Corrective(EpcisErrorDeclaration d) =>
        d.CorrectiveEventIds.Count == 0 ? "" : $"; corrected by {string.Join(", ", d.CorrectiveEventIds)}";
}
