using System.Collections.Frozen;

namespace SerialTrack.Core.Epcis;

public enum CbvVocabulary
{
    BizStep,
    Disposition,
    BizTransactionType,
    SourceDestinationType,
    ErrorReason,
}

// GS1 Core Business Vocabulary 2.0 §7-8: every standard value has three equivalent forms — the bare word in JSON-LD
// (`shipping`), the web URI (`https://ref.gs1.org/cbv/BizStep-shipping`) and the EPCIS 1.x URN
// (`urn:epcglobal:cbv:bizstep:shipping`). The web URI is canonical here and in the event hash.
public static class Cbv
{
    public const string WebBase = "https://ref.gs1.org/cbv/";

    private static readonly FrozenDictionary<CbvVocabulary, (string WebPrefix, string UrnPrefix, FrozenSet<string> Words)> Vocabularies =
        new Dictionary<CbvVocabulary, (string, string, FrozenSet<string>)>
        {
            [CbvVocabulary.BizStep] = ("BizStep-", "urn:epcglobal:cbv:bizstep:", Words(
                "accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting " +
                "decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting " +
                "installing killing loading other packing picking receiving removing repackaging repairing replacing reserving " +
                "retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing transporting " +
                "unloading unpacking void_shipping")),
            [CbvVocabulary.Disposition] = ("Disp-", "urn:epcglobal:cbv:disp:", Words(
                "active available completeness_inferred completeness_verified conformant container_closed container_open damaged " +
                "destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_instance mismatch_class " +
                "mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other partially_dispensed " +
                "recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen unavailable unknown")),
            [CbvVocabulary.BizTransactionType] = ("BTT-", "urn:epcglobal:cbv:btt:", Words(
                "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt")),
            [CbvVocabulary.SourceDestinationType] = ("SDT-", "urn:epcglobal:cbv:sdt:", Words("owning_party possessing_party location")),
            [CbvVocabulary.ErrorReason] = ("ER-", "urn:epcglobal:cbv:er:", Words("did_not_occur incorrect_data")),
        }.ToFrozenDictionary();

    // Returns the canonical form of a vocabulary value, or null with a reason when the value claims to be CBV (a bare
    // word, or a URI in a CBV namespace) but is not a CBV word. Other absolute URIs are user vocabulary and pass as sent.
    public static string? Normalise(CbvVocabulary vocabulary, string value, out string? problem)
    {
        problem = null;
        var (webPrefix, urnPrefix, words) = Vocabularies[vocabulary];
        var webFull = WebBase + webPrefix;
        string? word = value switch
        {
            _ when value.StartsWith(webFull, StringComparison.Ordinal) => value[webFull.Length..],
            _ when value.StartsWith(urnPrefix, StringComparison.Ordinal) => value[urnPrefix.Length..],
            _ when value.StartsWith("cbv:" + webPrefix, StringComparison.Ordinal) => value[(4 + webPrefix.Length)..],
            _ when value.StartsWith("gs1:" + webPrefix, StringComparison.Ordinal) => value[(4 + webPrefix.Length)..],
            _ when !value.Contains(':') => value,
            _ => null,
        };
        if (word is null)
        {
            if (value.StartsWith(WebBase, StringComparison.Ordinal) || value.StartsWith("urn:epcglobal:cbv:", StringComparison.Ordinal) ||
                !Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                problem = $"'{value}' is neither a CBV {Describe(vocabulary)} nor an absolute URI of a private vocabulary";
                return null;
            }

            return value;
        }

        if (!words.Contains(word))
        {
            problem = $"'{value}' is not a CBV {Describe(vocabulary)} (GS1 CBV 2.0)";
            return null;
        }

        return webFull + word;
    }

    // The bare word of a canonical CBV value, as JSON-LD writes it (the EPCIS context maps it back); null for a
    // private vocabulary URI, which is written as it is.
    public static string? Word(CbvVocabulary vocabulary, string canonical)
    {
        var (webPrefix, _, words) = Vocabularies[vocabulary];
        var webFull = WebBase + webPrefix;
        return canonical.StartsWith(webFull, StringComparison.Ordinal) && words.Contains(canonical[webFull.Length..]) ? canonical[webFull.Length..] : null;
    }

    // CBV 2.0 §8.9: component names and GS1 web vocabulary measurement types in JSON-LD come as bare words or CURIEs.
    public static string ExpandSensorTerm(string name, string value) => name switch
    {
        "type" or "exception" when !value.Contains(':') => "https://gs1.org/voc/" + value,
        "type" or "exception" when value.StartsWith("gs1:", StringComparison.Ordinal) => "https://gs1.org/voc/" + value[4..],
        "component" when !value.Contains(':') => WebBase + "Comp-" + value,
        "component" when value.StartsWith("cbv:", StringComparison.Ordinal) => WebBase + value[4..],
        _ => value,
    };

    private static string Describe(CbvVocabulary vocabulary) => vocabulary switch
    {
        CbvVocabulary.BizStep => "business step",
        CbvVocabulary.Disposition => "disposition",
        CbvVocabulary.BizTransactionType => "business transaction type",
        CbvVocabulary.SourceDestinationType => "source/destination type",
        _ => "error reason",
    };

    private static FrozenSet<string> Words(string words) => words.Split(' ').ToFrozenSet(StringComparer.Ordinal);
}
