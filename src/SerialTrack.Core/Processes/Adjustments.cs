using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Processes;

// A lot quantity counted differently than the books say: Quantity is signed (+ found more, - found less)
// for count corrections; damaged quantities are positive and move from available to damaged.
public sealed record LotAdjustment(string Product, string Lot, string Location, decimal Quantity, BalanceStatus Status = BalanceStatus.Available);

// ReasonCode is one of Adjustments.ReasonCodes; Location is where found units are.
public sealed record AdjustRequest(
    string ReasonCode,
    string? Note = null,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotAdjustment>? Lots = null,
    string? Location = null,
    EventContext? Context = null);

public sealed record ScrapRequest(
    string? Reason = null,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotQuantity>? Lots = null,
    BalanceStatus LotStatus = BalanceStatus.Available,
    EventContext? Context = null);

// Corrections of what the books say (found, lost, damaged, counted) and scrapping. Nothing is edited away:
// each correction is an Adjusted event with its reason code, each disposal a Scrapped event.
public sealed class Adjustments(SerialTrackDbContext db, TimeProvider clock)
{
    public const string Found = "found", Lost = "lost", Damaged = "damaged", CountCorrection = "count_correction", Other = "other";

    public static readonly IReadOnlyList<string> ReasonCodes = [Found, Lost, Damaged, CountCorrection, Other];

    // Stock in our hands: what can be lost, damaged or scrapped.
    static readonly UnitStatus[] InHand = [UnitStatus.Available, UnitStatus.OnHold, UnitStatus.Quarantine, UnitStatus.InTransit];

    public async Task<ProcessResult> AdjustAsync(AdjustRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Adjusted, ct) is { } replay)
        {
            return replay;
        }
        var code = Text.RequiredCode(request.ReasonCode, "reasonCode", 32).ToLowerInvariant();
        if (!ReasonCodes.Contains(code))
        {
            throw DomainException.BadInput("adjust.reason_code", "reasonCode", $"Reason code '{code}' is not one of {string.Join(", ", ReasonCodes)}.");
        }
        var note = Text.Optional(request.Note, "note", 500);
        var (unitRefs, lotLines) = (request.Units ?? [], request.Lots ?? []);
        if (unitRefs.Count + lotLines.Count == 0)
        {
            throw DomainException.BadInput("adjust.empty", "units", "Nothing to adjust: give units or lot quantities.");
        }
        if (unitRefs.Count > 0 && code is not (Found or Lost or Damaged))
        {
            throw DomainException.BadInput("adjust.unit_reason", "reasonCode", "Units are adjusted as found, lost or damaged; count corrections are for lot quantities.");
        }
        if (code == Other && string.IsNullOrWhiteSpace(note))
        {
            throw DomainException.BadInput("field.required", "note", "Say what the adjustment is for: reason 'other' needs a note.");
        }
        var location = code == Found && unitRefs.Count > 0 ? await Places.LocationAsync(db, request.Location, "location", ct) : null;

        var sql = new SqlSession(db);
        await using var tx = await Transactions.BeginAsync(db, ct);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        var changes = new List<UnitChange>(units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var field = $"units[{i}]";
            if (code == Found)
            {
                changes.Add(u.Status == UnitStatus.Lost
                    ? new UnitChange(u, new UnitTarget(UnitStatus.Available, u.Stage, location!.Id, null, null))
                    : throw DomainException.Rule("adjust.not_lost", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)}, not lost: it cannot be found.", field));
                continue;
            }
            if (!InHand.Contains(u.Status))
            {
                throw DomainException.Rule("adjust.not_in_hand", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)}: only stock in our hands can be {code}.", field);
            }
            // Damaged goes to quarantine, like a return: someone must inspect it and decide, and a hold
            // would hand it back as available on release.
            changes.Add(new UnitChange(u, code == Lost
                ? new UnitTarget(UnitStatus.Lost, u.Stage, null, null, null)
                : u.Now with { Status = UnitStatus.Quarantine }));
        }
        var lots = new List<(LotAdjustment Line, Lot Lot, string Sku, long LocationId)>();
        for (var i = 0; i < lotLines.Count; i++)
        {
            var line = lotLines[i];
            var field = $"lots[{i}]";
            var (lot, sku) = await Places.LotAsync(db, new LotRef(line.Product, line.Lot), field, ct);
            var at = await Places.LocationAsync(db, line.Location, $"{field}.location", ct);
            var sign = code switch { Found => 1, Lost or Damaged => -1, _ => 0 };
            if (line.Quantity == 0 || (sign == 1 && line.Quantity < 0) || (code == Damaged && line.Quantity < 0))
            {
                throw DomainException.BadInput("quantity.not_positive", $"{field}.quantity", $"A {code} quantity must be greater than zero, not {line.Quantity}.");
            }
            if (code == Lost && line.Quantity > 0)
            {
                // "Lost 5" and "-5" both mean five fewer.
                line = line with { Quantity = -line.Quantity };
            }
            Quantities.RequirePositive(Math.Abs(line.Quantity), $"{field}.quantity");
            lots.Add((line, lot, sku, at.Id));
        }

        var ev = EventLog.New(EventType.Adjusted, EventAction.Observe, "stock_taking", code switch
        {
            Lost => "unknown",
            Damaged => "damaged",
            Found => "sellable_accessible",
            _ => null,
        }, actor, context, clock);
        ev.ReasonCode = code;
        ev.Reason = note;
        ev.ReadPointId = location?.Id;
        ev.BizLocationId = location?.Id;
        ev.ObjectCount = units.Count + lots.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        await UnitBatch.ApplyAsync(sql, ev.Id, changes, clock.GetUtcNow(), ct);
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lots.Count; i++)
        {
            var (line, lot, sku, at) = lots[i];
            var here = new BalanceKey(at, line.Status);
            if (code == Damaged)
            {
                await ledger.TakeLooseAsync(ev.Id, lot, sku, line.Quantity, here, new BalanceKey(at, BalanceStatus.Damaged), ObjectRole.Subject, $"lots[{i}]", ct);
            }
            else if (line.Quantity > 0)
            {
                await ledger.TransferAsync(ev.Id, lot, sku, line.Quantity, null, here, ObjectRole.Subject, $"lots[{i}]", ct);
            }
            else
            {
                await ledger.TakeLooseAsync(ev.Id, lot, sku, -line.Quantity, here, null, ObjectRole.Subject, $"lots[{i}]", ct);
            }
        }
        await Places.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Adjusted, units.Count, lots.Count);
    }

    // Scrapped units and lot quantities leave the inventory for good (EPCIS DELETE, CBV destroying).
    // Lot lines scrap from the balance they name (From location; LotStatus says which of its balances, available by default).
    public async Task<ProcessResult> ScrapAsync(ScrapRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Scrapped, ct) is { } replay)
        {
            return replay;
        }
        var (unitRefs, lotLines) = (request.Units ?? [], request.Lots ?? []);
        if (unitRefs.Count + lotLines.Count == 0)
        {
            throw DomainException.BadInput("scrap.empty", "units", "Nothing to scrap: give units or lot quantities.");
        }
        var reason = Text.Optional(request.Reason, "reason", 500);

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        for (var i = 0; i < units.Count; i++)
        {
            if (!InHand.Contains(units[i].Status))
            {
                throw DomainException.Rule("scrap.not_in_hand", $"Unit {units[i].Name} is {UnitBatch.Describe(units[i].Status)}: only stock in our hands can be scrapped.", $"units[{i}]");
            }
        }
        var lots = new List<(LotQuantity Line, Lot Lot, string Sku, long From)>();
        for (var i = 0; i < lotLines.Count; i++)
        {
            var line = lotLines[i];
            var (lot, sku) = await Places.LotAsync(db, new LotRef(line.Product, line.Lot), $"lots[{i}]", ct);
            Quantities.RequirePositive(line.Quantity, $"lots[{i}].quantity");
            var from = await Places.LocationAsync(db, line.From, $"lots[{i}].from", ct);
            lots.Add((line, lot, sku, from.Id));
        }

        var ev = EventLog.New(EventType.Scrapped, EventAction.Delete, "destroying", "destroyed", actor, context, clock);
        ev.Reason = reason;
        ev.ObjectCount = units.Count + lots.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, new UnitTarget(UnitStatus.Scrapped, u.Stage, null, null, null))).ToList(), now, ct);
        await Holds.CloseUnitHoldsAsync(sql, units.Select(u => u.Id).ToList(), ev.Id, now, "scrapped", ct);
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lots.Count; i++)
        {
            var (line, lot, sku, from) = lots[i];
            await ledger.TakeLooseAsync(ev.Id, lot, sku, line.Quantity, new BalanceKey(from, request.LotStatus), null, ObjectRole.Subject, $"lots[{i}]", ct);
        }
        await Places.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Scrapped, units.Count, lots.Count);
    }
}
