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
        if (declared.Count == 0)
        {
            return [];
        }
        // The declared events, found together: by the declaration's hash (errorDeclaration is not hashed), whatever
        // eventID was sent, or else by its eventID.
        var stored = (await sql.StringsWhereInAsync(
                "SELECT CAST(native_event_id AS TEXT) || ' ' || event_hash || ' ' || event_id FROM epcis_stored_events WHERE declares_error = @no AND native_event_id IS NOT NULL "
                + "AND (event_hash IN ({in}) OR event_id IN ({in}))",
                [.. declared.Select(d => d.Hash).Concat(declared.Select(d => d.EventId)).Distinct()], ct, ("no", false)))
            .Select(text => text.Split(' ', 3)).Select(p => (Native: long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), Hash: p[1], EventId: p[2])).ToList();
        long? NativeOf(Declared d) =>
            stored.FirstOrDefault(s => s.Hash == d.Hash).Native is var byHash and > 0 ? byHash
            : stored.FirstOrDefault(s => s.EventId == d.EventId).Native is var byId and > 0 ? byId : null;
        var natives = declared.ToDictionary(d => d, NativeOf);
        var units = await UnitsOfAsync(sql, [.. natives.Values.OfType<long>()], ct);
        var notes = new List<EpcisCaptureNote>();
        var rows = new List<object?[]>();
        foreach (var d in declared)
        {
            var what = $"{d.EventId} was declared erroneous by its sender ({Reason(d.Declaration)}){Corrective(d.Declaration)}.";
            if (natives[d] is not { } native)
            {
                rows.Add(Row(sql, d.StoredId, null, d.EventId, $"{what} No such event is stored here.", now));
                notes.Add(new(d.Index, d.EventId, Code, $"{what} No such event is stored here, so nothing else changed; it is kept for review."));
                continue;
            }
            var of = units.GetValueOrDefault(native) ?? [];
            rows.AddRange(Rows(sql, d.StoredId, of, d.EventId, $"{what} {Stands}", now));
            notes.Add(new(d.Index, d.EventId, Code, of.Count == 0
                ? $"{what} Nothing was undone; it is kept for review."
                : $"{what} Nothing was undone; its {of.Count} unit{(of.Count == 1 ? " is" : "s are")} listed for review."));
        }
        await InsertAsync(sql, rows, ct);
        return notes;
    }

    const string Stands = "What it did stands until a corrective event or a person changes it.";

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
        var due = arrived.Where(a => declarations.ContainsKey(a.Hash)).ToList();
        var units = await UnitsOfAsync(sql, [.. due.Select(a => a.NativeEventId)], ct);
        var notes = new List<EpcisCaptureNote>();
        var rows = new List<object?[]>();
        foreach (var a in due)
        {
            var what = $"{a.EventId} had already been declared erroneous by its sender when it arrived. {Stands}";
            rows.AddRange(Rows(sql, declarations[a.Hash], units.GetValueOrDefault(a.NativeEventId) ?? [], a.EventId, what, now));
            notes.Add(new(a.Index, a.EventId, Code, what));
        }
        await InsertAsync(sql, rows, ct);
        return notes;
    }

    // One review item per unit of the declared event, or one naming the event when it changed no unit.
    static IEnumerable<object?[]> Rows(SqlSession sql, long storedId, List<long> units, string eventId, string message, DateTimeOffset now) =>
        units.Count == 0 ? [Row(sql, storedId, null, eventId, message, now)] : units.Select(u => Row(sql, storedId, u, null, message, now));

    static object?[] Row(SqlSession sql, long storedId, long? unitId, string? epc, string message, DateTimeOffset now) =>
        [storedId, unitId, epc, Code, message, sql.Time(now)];

    static Task InsertAsync(SqlSession sql, List<object?[]> rows, CancellationToken ct) =>
        sql.InsertAsync("epcis_review_items", ["stored_event_id", "unit_id", "epc", "code", "message", "created_at"], rows, ct);

    // The units each of these native events changed.
    static async Task<Dictionary<long, List<long>>> UnitsOfAsync(SqlSession sql, IReadOnlyCollection<long> nativeEventIds, CancellationToken ct)
    {
        var units = new Dictionary<long, List<long>>();
        await sql.ReadWhereInAsync("SELECT DISTINCT event_id, unit_id FROM event_units WHERE event_id IN ({ids}) ORDER BY event_id, unit_id", nativeEventIds, r =>
        {
            if (!units.TryGetValue(r.GetInt64(0), out var of))
            {
                units[r.GetInt64(0)] = of = [];
            }
            of.Add(r.GetInt64(1));
        }, ct);
        return units;
    }

    // The CBV word (incorrect_data, did_not_occur), or a private reason as sent.
    static string Reason(EpcisErrorDeclaration d) => d.Reason is { Length: > 0 } r ? Cbv.Word(CbvVocabulary.ErrorReason, r) ?? r : "no reason given";

    static string Corrective(EpcisErrorDeclaration d) =>
        d.CorrectiveEventIds.Count == 0 ? "" : $"; corrected by {string.Join(", ", d.CorrectiveEventIds)}";
}
