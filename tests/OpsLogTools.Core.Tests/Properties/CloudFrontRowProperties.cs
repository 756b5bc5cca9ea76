using System.Text;
using CsCheck;
using OpsLogTools.Core.Formats;
using Xunit;

namespace OpsLogTools.Core.Tests.Properties;

/// <summary>
/// <see cref="CloudFrontRowScanner"/> finds a row's columns in one pass over its tabs, 32 bytes at a time (issue 19). Over
/// random rows (1 to 45 columns, empty to long ones, so tabs fall anywhere in and across the 32-byte blocks, and rows
/// shorter than a block), every column it reports, the outcome and the column count must be those of the plain split
/// at each tab, for the scanner that wants every column and for the bot engine's that wants three and counts the rest,
/// with and without a <c>#Fields</c> line.
/// </summary>
public class CloudFrontRowProperties
{
    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Char["abcdefxyz-./%:=0123456789"].Array[0, 12].Select(c => new string(c))),
        (2, Gen.Char["abcdefxyz-./%:=0123456789 "].Array[13, 70].Select(c => new string(c))),
        (1, Gen.Const("")));

    // A row whose date, time, status and bytes columns (in the standard order) read, whatever else it holds.
    private static readonly Gen<string[]> Row = Gen.Select(Gen.Int[1, 45], Text.Array[45]).Select((n, texts) =>
        Enumerable.Range(0, n).Select(i => i switch
        {
            0 => "2026-07-14",
            1 => "21:10:05",
            3 => "1234",
            8 => "200",
            _ => texts[i],
        }).ToArray());

    [Fact]
    public void ColumnsAreThoseOfThePlainSplit()
    {
        Gen.Select(Row, Gen.Bool).Sample((columns, header) =>
        {
            var line = Encoding.ASCII.GetBytes(string.Join('\t', columns));
            var standard = CloudFrontFieldNames.StandardOrder;
            foreach (var wanted in new Func<CloudFrontField, bool>?[] { null, f => f is CloudFrontField.ClientIp or CloudFrontField.UriStem or CloudFrontField.UserAgent })
            {
                var scanner = new CloudFrontRowScanner(wanted);
                if (header)
                {
                    var fields = "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end"u8;
                    Assert.Equal(LineParseStatus.Ignored, scanner.Scan(fields, new FieldRange[CloudFrontRowScanner.FieldCount], out _));
                }
                var row = new FieldRange[CloudFrontRowScanner.FieldCount];
                var status = scanner.Scan(line, row, out _);

                // The plain split: column k starts after the k-th tab.
                int count = columns.Length == 0 ? 1 : columns.Length;
                bool readable = header ? count == standard.Length : count >= 5;
                Assert.Equal(readable ? LineParseStatus.Parsed : LineParseStatus.Malformed, status);
                if (!readable) continue;
                int start = 0;
                for (int k = 0; k < columns.Length; k++)
                {
                    if (k < standard.Length && standard[k] != CloudFrontField.Other && (wanted is null || wanted(standard[k]) || standard[k] is CloudFrontField.Date or CloudFrontField.Time or CloudFrontField.Status or CloudFrontField.Bytes))
                        Assert.Equal(new FieldRange(start, columns[k].Length), row[(int)standard[k]]);
                    start += columns[k].Length + 1;
                }
            }
        }, iter: 3000);
    }
}
