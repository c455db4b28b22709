using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Epcis;

public enum EpcisExportFormat
{
    Json,
    Xml,
}

// What to export: a unit (serial, with its product when the serial alone is ambiguous), a lot (product and lot
// code), or every event in a time range [From, To).
public sealed record EpcisExportRequest(string? Serial = null, string? Product = null, string? Lot = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

// The events an export will write, resolved before anything is written so that a refusal (unknown serial) comes
// before the first byte of the document.
public sealed class EpcisExportScope
{
    internal EpcisExportScope(string description, Func<long, CancellationToken, Task<List<long>>> nextPage, Func<CancellationToken, Task<int>> count)
    {
        Description = description;
        NextPageAsync = nextPage;
        CountAsync = count;
    }

    public string Description { get; }

    public Func<CancellationToken, Task<int>> CountAsync { get; }

    // The next ids after the given one, in event order, at most one batch.
    internal Func<long, CancellationToken, Task<List<long>>> NextPageAsync { get; }
}

// Streams the EPCIS document of a unit's, a lot's or a period's history: event ids are read in keyset-paged batches
// of 1,000, each batch turned into EPCIS events by NativeEpcis and written before the next is read.
public sealed class EpcisExport(SerialTrackDbContext db, TimeProvider clock)
{
    public const int BatchSize = 1000;

    public async Task<EpcisExportScope> ScopeAsync(EpcisExportRequest request, CancellationToken ct)
    {
        var serial = Text.Optional(request.Serial, "serial", 200);
        var product = Text.Optional(request.Product, "product", 64);
        var lot = Text.Optional(request.Lot, "lot", 64);
        var given = (serial is null ? 0 : 1) + (lot is null ? 0 : 1) + (request.From is null && request.To is null ? 0 : 1);
        if (given != 1)
        {
            throw DomainException.BadInput("epcis.export_scope", given == 0 ? "serial" : lot is null ? "from" : "lot",
                "Export one thing: a unit (serial, and product if needed), a lot (lot and product), or a period (from, to).");
        }

        if (serial is not null)
        {
            return await UnitScopeAsync(serial, product, ct);
        }

        if (lot is not null)
        {
            var (found, _) = await Places.LotAsync(db, new LotRef(product ?? "", lot), "lot", ct);
            var lotId = found.Id;
            return new EpcisExportScope(
                $"lot {lot} of {product}",
                (after, token) => db.EventLots.AsNoTracking().Where(x => x.LotId == lotId && x.EventId > after)
                    .Select(x => x.EventId).Distinct().OrderBy(x => x).Take(BatchSize).ToListAsync(token),
                token => db.EventLots.AsNoTracking().Where(x => x.LotId == lotId).Select(x => x.EventId).Distinct().CountAsync(token));
        }

        var from = request.From ?? DateTimeOffset.MinValue;
        // A millisecond on: the databases keep microseconds, so "now" plus a tick would leave out what was recorded just now.
        var to = request.To ?? clock.GetUtcNow().AddMilliseconds(1);
        if (to <= from)
        {
            throw DomainException.BadInput("epcis.export_period", "to", $"The period ends ({to:O}) before it starts ({from:O}).");
        }

        return new EpcisExportScope(
            $"events from {from:O} to {to:O}",
            (after, token) => db.Events.AsNoTracking().Where(e => e.EventTime >= from && e.EventTime < to && e.Id > after)
                .OrderBy(e => e.Id).Select(e => e.Id).Take(BatchSize).ToListAsync(token),
            token => db.Events.AsNoTracking().CountAsync(e => e.EventTime >= from && e.EventTime < to, token));
    }

    // Writes the document; progress gets the number of events written so far after each batch.
    public async Task<int> WriteAsync(
        EpcisExportScope scope, Stream output, EpcisExportFormat format, EpcisWriterOptions options, IProgress<int>? progress, CancellationToken ct)
    {
        var native = new NativeEpcis(db);
        var created = clock.GetUtcNow();
        var written = 0;
        var last = 0L;
        if (format == EpcisExportFormat.Json)
        {
            await using var json = await EpcisJsonWriter.StartAsync(output, EpcisDocumentKind.Document, created, options, [NativeEpcis.Namespace], ct: ct);
            while (await NextAsync() is { Count: > 0 } events)
            {
                foreach (var e in events)
                {
                    await json.WriteAsync(e, ct);
                }

                written += events.Count;
                progress?.Report(written);
            }

            await json.FinishAsync(ct);
        }
        else
        {
            await using var xml = await EpcisXmlWriter.StartAsync(output, EpcisDocumentKind.Document, created, options, [NativeEpcis.Namespace], ct: ct);
            while (await NextAsync() is { Count: > 0 } events)
            {
                foreach (var e in events)
                {
                    await xml.WriteAsync(e, ct);
                }

                written += events.Count;
                progress?.Report(written);
            }

            await xml.FinishAsync(ct);
        }

        return written;

        async Task<IReadOnlyList<EpcisEvent>> NextAsync()
        {
            var ids = await scope.NextPageAsync(last, ct);
            if (ids.Count == 0)
            {
                return [];
            }

            last = ids[^1];
            // A partner's event goes out as the partner sent it (its eventID, transactions, ILMD and extensions), not
            // as SerialTrack's reading of it; an error declaration of it goes out after it.
            var captured = (await db.EpcisEvents.AsNoTracking()
                    .Where(s => s.CaptureId != null && s.NativeEventId != null && ids.Contains(s.NativeEventId.Value))
                    .Select(s => new { Native = s.NativeEventId!.Value, s.EventHash, s.Json }).ToListAsync(ct))
                .ToDictionary(s => s.Native);
            var hashes = captured.Values.Select(c => c.EventHash).ToList();
            var declarations = (await db.EpcisEvents.AsNoTracking().Where(s => s.DeclaresError && hashes.Contains(s.EventHash))
                    .Select(s => new { s.EventHash, s.Json }).ToListAsync(ct))
                .ToDictionary(s => s.EventHash, s => s.Json);
            var own = new Queue<EpcisEvent>(await native.ForEventsAsync([.. ids.Where(id => !captured.ContainsKey(id))], ct));
            var events = new List<EpcisEvent>(ids.Count);
            foreach (var id in ids)
            {
                if (!captured.TryGetValue(id, out var stored))
                {
                    events.Add(own.Dequeue());
                    continue;
                }
                events.Add(EpcisQueryDocument.ReadStored(stored.Json));
                if (declarations.TryGetValue(stored.EventHash, out var declaration))
                {
                    events.Add(EpcisQueryDocument.ReadStored(declaration));
                }
            }
            return events;
        }
    }

    // The options an installation writes with: its company prefix lets Digital Links become EPC URNs.
    public async Task<EpcisWriterOptions> OptionsAsync(EpcFormat format, CancellationToken ct)
    {
        var prefix = await db.Settings.AsNoTracking().Where(s => s.Key == Settings.CompanyPrefix).Select(s => s.Value).FirstOrDefaultAsync(ct);
        var uris = await EpcisUris.LoadAsync(db, ct);
        return new EpcisWriterOptions
        {
            EpcFormat = format,
            DigitalLinkStem = uris.Stem,
            CompanyPrefixes = prefix is null ? null : new Gs1.Gs1CompanyPrefixes(new Gs1.Gs1CompanyPrefixOptions { Prefixes = [prefix] }),
        };
    }

    // A unit's own events, and the events of every container it was in while it was inside (from the event that
    // put it there to the one that took it out): moving or shipping a pallet moves and ships the unit too.
    private async Task<EpcisExportScope> UnitScopeAsync(string serial, string? product, CancellationToken ct)
    {
        var found = await new UnitLookup(db).FindBySerialAsync(serial, product, ct);
        var unit = found switch
        {
            [var one] => one,
            [] => throw DomainException.NotFound("unit.not_found", product is null ? $"No unit with serial '{serial}'." : $"No unit '{serial}' of '{product}'.", "serial"),
            _ => throw DomainException.BadInput("unit.ambiguous", "product", $"Serial '{serial}' names {found.Count} units: give the product too."),
        };

        var history = await db.EventUnits.AsNoTracking().Where(x => x.UnitId == unit.Id).OrderBy(x => x.EventId)
            .Select(x => new { x.EventId, x.ContainerId }).ToListAsync(ct);
        var ids = new SortedSet<long>(history.Select(h => h.EventId));
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].ContainerId is not { } container || (i > 0 && history[i - 1].ContainerId == container))
            {
                continue;
            }

            var start = history[i].EventId;
            var end = history.Skip(i + 1).FirstOrDefault(h => h.ContainerId != container)?.EventId ?? long.MaxValue;
            ids.UnionWith(await db.EventContainers.AsNoTracking()
                .Where(x => x.ContainerId == container && x.EventId >= start && x.EventId <= end)
                .Select(x => x.EventId).ToListAsync(ct));
        }

        var ordered = ids.ToList();
        return new EpcisExportScope(
            $"unit {unit.Serial} of {unit.Sku}",
            (after, _) => Task.FromResult(ordered.Where(id => id > after).Take(BatchSize).ToList()),
            _ => Task.FromResult(ordered.Count));
    }
}
