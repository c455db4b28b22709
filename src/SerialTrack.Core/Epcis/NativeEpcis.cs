namespace SerialTrack.Core.Epcis;

public sealed partial class NativeEpcis
{
    public const string Namespace = "urn:serialtrack:epcis:";
}
