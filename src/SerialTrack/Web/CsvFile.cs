using System.Globalization;
using CsvHelper;

namespace SerialTrack.Web;

// Every CSV the API and the CLI hand out goes through CsvHelper, so a comma, a quote or a line break in a
// serial, a lot code or a note never shifts a column.
public static class CsvFile
{
    // Rows are written as they arrive (a group of a million units never sits in memory); progress hears the
    // count every 1,000 rows and at the end.
    public static async Task<int> WriteAsync(TextWriter writer, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct,
        Action<int>? progress = null)
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
            if (++count % 1000 == 0)
            {
                progress?.Invoke(count);
            }
        }
        await csv.FlushAsync();
        progress?.Invoke(count);
        return count;
    }

    public static Task<int> WriteAsync(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct) =>
        WriteAsync(writer, header, rows.ToAsyncEnumerable(), ct);

    public static async Task<byte[]> BytesAsync(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct)
    {
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await WriteAsync(text, header, rows, ct);
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
