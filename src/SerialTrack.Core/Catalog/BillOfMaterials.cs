namespace SerialTrack.Core.Catalog;

// One component of an assembly: how much of the component product one assembly consumes.
public sealed class BomLine
{
    public long Id { get; set; }
    public long AssemblyProductId { get; set; }
    public long ComponentProductId { get; set; }
    public decimal Quantity { get; set; }
    public string? Notes { get; set; }
}

// 1 From = Factor To (1 kg = 1000 g). Conversions apply both ways.
public sealed class UomConversion
{
    public long Id { get; set; }
    public required string FromUom { get; set; }
    public required string ToUom { get; set; }
    public decimal Factor { get; set; }
}
