using System.Globalization;
using CsvHelper;

namespace SerialTrack.Web;

// Every CSV the API and the CLI hand out goes through CsvHelper, so a comma, a quote or a line break in a
// serial, a lot code or a note never shifts a column.
public static class CsvFile
{
    public static async Task<int> WriteAsync(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct)
    {
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in header)
        {
            csv.WriteField(column);
        }
        await csv.NextRecordAsync();
        var count = 0;
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var field in row)
            {
                csv.WriteField(field);
            }
            await csv.NextRecordAsync();
            count++;
        }
        await csv.FlushAsync();
        return count;
    }

    // Rows that arrive while they are written (a group of a million units never sits in memory).
    public static async Task<int> WriteAsync(TextWriter writer, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct)
    {
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in header)
        {
            csv.WriteField(column);
        }
        await csv.NextRecordAsync();
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var field in row)
            {
                csv.WriteField(field);
            }
            await csv.NextRecordAsync();
            count++;
        }
        await csv.FlushAsync();
        return count;
    }

    public static async Task<byte[]> BytesAsync(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct)
    {
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await WriteAsync(text, header, rows, ct);
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
