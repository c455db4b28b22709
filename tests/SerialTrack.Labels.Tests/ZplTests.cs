using System.Net;
using System.Net.Sockets;
using System.Text;
using SerialTrack.Labels.Templates;
using SerialTrack.Labels.Tests.Support;
using SerialTrack.Labels.Zpl;

namespace SerialTrack.Labels.Tests;

public class ZplTests
{
    public static TheoryData<string> TemplateNames() => [.. DefaultTemplates.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Every_default_template_passes_the_ZPL_lint(string name)
    {
        var t = DefaultTemplates.Get(name);
        var zpl = ZplRenderer.Render(t, Samples.For(t));
        Assert.Empty(ZplLint.Check(zpl));
        Assert.StartsWith("^XA", zpl, StringComparison.Ordinal);
        Assert.EndsWith("^XZ\n", zpl, StringComparison.Ordinal);
        Assert.Contains("^CI28", zpl, StringComparison.Ordinal);
        Assert.Contains($"^PW{LabelLayouter.MmToDots(t.WidthMm, t.Dpi)}", zpl, StringComparison.Ordinal);
        Assert.Contains($"^LL{LabelLayouter.MmToDots(t.HeightMm, t.Dpi)}", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_copies_emit_PQ3()
    {
        var zpl = ZplRenderer.Render(DefaultTemplates.Location, Samples.Location("A-1"), copies: 3);
        Assert.Contains("^PQ3\n^XZ", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public void Positions_are_millimetres_times_dpi_over_25_4()
    {
        var zpl = ZplRenderer.Render(DefaultTemplates.Location, Samples.Location("A-1"));
        // Text at (5,3) mm on 203 dpi: 5*203/25.4 = 39.96 -> 40, 3*203/25.4 = 23.98 -> 24.
        Assert.Contains("^FO40,24^A0N,", zpl, StringComparison.Ordinal);
        Assert.Contains("^PW799", zpl, StringComparison.Ordinal);
        Assert.Contains("^LL400", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public void GS1_128_uses_start_C_and_FNC1_first_and_FNC1_separators()
    {
        var (raw, hri) = Gs1TestData.Build(("01", Samples.Gtin13), ("17", "251231"), ("10", "AB>1"), ("21", "77"));
        var data = Samples.Lot("x", "251231");
        data[LabelFields.Gs1Raw] = raw;
        data[LabelFields.Gs1Hri] = hri;
        var zpl = ZplRenderer.Render(DefaultTemplates.Lot, data);
        Assert.Contains("^BCN,200,N,N,N,N^FH\\^FD>;>801095060001343521725123110>6AB><1>8>52177^FS", zpl.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"^FD{hri}^FS", zpl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345678", ">;12345678")]
    [InlineData("AB", ">:AB")]
    [InlineData("A1234567", ">:A1>5234567")]
    [InlineData("A123456", ">:A>5123456")]
    [InlineData("12345A", ">;1234>65A")]
    [InlineData("a>b", ">:a><b")]
    public void Code128_invocation_codes_compress_digit_runs(string data, string expected) =>
        Assert.Equal(expected, ZplRenderer.Code128Invocations(data, gs1: false));

    [Fact]
    public void GS1_DataMatrix_uses_underscore_escapes_with_FNC1_first_and_as_separator()
    {
        var zpl = ZplRenderer.Render(DefaultTemplates.Unit, Samples.Unit("A_B"));
        Assert.Contains("^BXN,4,200,,,,_^FH\\^FD_10109506000134352" + "21A__B^FS", zpl, StringComparison.Ordinal);
        var (raw, _) = Gs1TestData.Build(("10", "L1"), ("21", "S"));
        Assert.Equal("_110L1_121S", ZplRenderer.DataMatrixEscapes(raw, gs1: true));
    }

    [Fact]
    public void Caret_tilde_and_backslash_in_data_are_hex_escaped()
    {
        var zpl = ZplRenderer.Render(DefaultTemplates.Location, Samples.Location("A^B~C\\D"));
        Assert.Contains("^FH\\^FDA\\5EB\\7EC\\5CD^FS", zpl, StringComparison.Ordinal);
        Assert.Empty(ZplLint.Check(zpl));
    }

    [Fact]
    public void Two_thousand_labels_stream_to_ZPL_and_all_pass_the_lint()
    {
        var sw = new StringWriter();
        int n = ZplRenderer.RenderMany(DefaultTemplates.Unit,
            Enumerable.Range(1, 2000).Select(i => (IReadOnlyDictionary<string, string>)Samples.Unit($"SN{i:D8}")), sw);
        Assert.Equal(2000, n);
        var zpl = sw.ToString();
        Assert.Empty(ZplLint.Check(zpl));
        Assert.Equal(2000, zpl.Split("^XA").Length - 1);
    }

    [Fact]
    public async Task A_fake_printer_receives_exactly_the_ZPL_sent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            using var ms = new MemoryStream();
            await client.GetStream().CopyToAsync(ms);
            return Encoding.UTF8.GetString(ms.ToArray());
        });
        var data = Samples.Unit("SN-1");
        data[LabelFields.ProductName] = "Müller ^ Straße ~ 1";
        var zpl = ZplRenderer.Render(DefaultTemplates.Unit, data);
        var printer = new LabelPrinter(new PrinterOptions { Printers = { ["dock-1"] = $"127.0.0.1:{port}" } });
        await printer.SendZplAsync("dock-1", zpl, CancellationToken.None);
        Assert.Equal(zpl, await received.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Sending_to_a_closed_port_reports_printer_unreachable()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var printer = new LabelPrinter(new PrinterOptions());
        var ex = await Assert.ThrowsAsync<LabelException>(() => printer.SendZplAsync("127.0.0.1", port, "^XA^XZ", CancellationToken.None));
        Assert.Equal("printer.unreachable", ex.Code);
        Assert.Equal($"Printer 127.0.0.1:{port} refused the connection", ex.Message);
    }

    [Fact]
    public void Printers_resolve_by_name_and_unknown_names_are_refused()
    {
        var printer = new LabelPrinter(new PrinterOptions { Printers = { ["Dock-1"] = "192.0.2.10:9100", ["office"] = "printer.local" } });
        Assert.Equal(new PrinterEndpoint("dock-1", "192.0.2.10", 9100), printer.Resolve("dock-1"));
        Assert.Equal(9100, printer.Resolve("office").Port);
        var ex = Assert.Throws<LabelException>(() => printer.Resolve("nope"));
        Assert.Equal("printer.unknown", ex.Code);
        Assert.Equal("nope", ex.Field);
    }
}
