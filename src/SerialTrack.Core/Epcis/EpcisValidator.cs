namespace SerialTrack.Core.Epcis;

// The rules across fields (EPCIS 2.0 §7.4, the JSON schema's per-type requirements) and identifier syntax, added to
// the lexical problems the reader already found. Every problem is reported, not only the first.
public static class EpcisValidator
{
    public static IReadOnlyList<EpcisError> Validate(EpcisReading reading)
    {
        var errors = new List<EpcisError>(reading.Errors);
        var events = reading.Document.Events;
        for (var i = 0; i < events.Count; i++)
        {
            Validate(events[i], i, errors);
        }

        if (reading.Document.Kind != EpcisDocumentKind.SingleEvent && events.Count == 0 && reading.Errors.Count == 0)
        {
            errors.Add(new(null, null, "eventList", EpcisErrorCodes.Required, "the document holds no events"));
        }

        return [.. errors.OrderBy(e => e.EventIndex ?? -1)];
    }

    internal static string WithArticle(EpcisEventType type) =>
        (type is EpcisEventType.ObjectEvent or EpcisEventType.AggregationEvent or EpcisEventType.AssociationEvent ? "an " : "a ") + type;

    private static void Validate(EpcisEvent e, int index, List<EpcisError> errors)
    {
        var known = errors.Where(x => x.EventIndex == index).Select(x => x.Field).ToHashSet();

        void Add(string field, string code, string message) =>
            errors.Add(new(index, e.EventId, $"eventList[{index}].{field}", code, message));

        void Require(bool present, string field, string message)
        {
            if (!present && !known.Contains($"eventList[{index}].{field}"))
            {
                Add(field, EpcisErrorCodes.Required, message);
            }
        }

        void Identifier(string? value, string field)
        {
            if (value is not null && EpcisIdentifiers.Problem(value) is { } problem)
            {
                Add(field, EpcisErrorCodes.Identifier, problem);
            }
        }

        void Identifiers(IReadOnlyList<string>? values, string field)
        {
            for (var i = 0; i < (values?.Count ?? 0); i++)
            {
                Identifier(values![i], $"{field}[{i}]");
            }
        }

        void Quantities(IReadOnlyList<EpcisQuantity>? quantities, string field)
        {
            for (var i = 0; i < (quantities?.Count ?? 0); i++)
            {
                var q = quantities![i];
                Identifier(q.EpcClass, $"{field}[{i}].epcClass");
                if (q.Quantity < 0)
                {
                    Add($"{field}[{i}].quantity", EpcisErrorCodes.Number, $"{q.Quantity} is negative");
                }

                if (q.Uom is not null && q.Quantity is null)
                {
                    Add($"{field}[{i}].quantity", EpcisErrorCodes.Required, "a unit of measure without a quantity");
                }
            }
        }

        Require(e.EventTime is not null, "eventTime", "every event needs its eventTime");
        Require(e.EventTimeZoneOffset is not null, "eventTimeZoneOffset", "every event needs its eventTimeZoneOffset (EPCIS 2.0)");
        if (e.Type != EpcisEventType.TransformationEvent)
        {
            Require(e.Action is not null, "action", $"{WithArticle(e.Type)} needs its action: ADD, OBSERVE or DELETE");
        }

        switch (e.Type)
        {
            case EpcisEventType.ObjectEvent:
                Require(e.EpcList is not null || e.QuantityList is not null, "epcList",
                    "an ObjectEvent needs epcList or quantityList to say what it is about");
                break;
            case EpcisEventType.AggregationEvent:
                Require(e.ParentId is not null || e.Action == EpcisAction.Observe, "parentID", "an AggregationEvent with action ADD or DELETE needs its parentID");
                break;
            case EpcisEventType.AssociationEvent:
                Require(e.ParentId is not null, "parentID", "an AssociationEvent needs its parentID");
                break;
            case EpcisEventType.TransactionEvent:
                Require(e.BizTransactionList.Count > 0, "bizTransactionList", "a TransactionEvent needs at least one bizTransaction");
                break;
            case EpcisEventType.TransformationEvent:
                var inputs = (e.InputEpcList?.Count ?? 0) + (e.InputQuantityList?.Count ?? 0);
                var outputs = (e.OutputEpcList?.Count ?? 0) + (e.OutputQuantityList?.Count ?? 0);
                Require((inputs > 0 && outputs > 0) || e.TransformationId is not null, "inputEPCList",
                    "a TransformationEvent needs inputs and outputs, or a transformationID linking it to others");
                break;
        }

        if (e.ErrorDeclaration is { } declaration)
        {
            Identifiers(declaration.CorrectiveEventIds, "errorDeclaration.correctiveEventIDs");
        }

        Identifier(e.ParentId, "parentID");
        Identifiers(e.EpcList, "epcList");
        Identifiers(e.ChildEpcs, "childEPCs");
        Identifiers(e.InputEpcList, "inputEPCList");
        Identifiers(e.OutputEpcList, "outputEPCList");
        Quantities(e.QuantityList, "quantityList");
        Quantities(e.ChildQuantityList, "childQuantityList");
        Quantities(e.InputQuantityList, "inputQuantityList");
        Quantities(e.OutputQuantityList, "outputQuantityList");
        Identifier(e.TransformationId, "transformationID");
        Identifier(e.ReadPoint?.Id, "readPoint.id");
        Identifier(e.BizLocation?.Id, "bizLocation.id");
        Identifiers([.. e.BizTransactionList.Select(b => b.Value)], "bizTransactionList");
        Identifiers([.. e.SourceList.Select(b => b.Value)], "sourceList");
        Identifiers([.. e.DestinationList.Select(b => b.Value)], "destinationList");
    }
}
