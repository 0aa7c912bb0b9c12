using System.Text;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Validation;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// PayloadFiles.Validate: a file's payloads validated while the file is still being read. Its results must be
/// exactly those of reading the whole file and validating each payload in turn.
/// </summary>
public sealed class PayloadFileValidationTests : IDisposable
{
    private const int Count = 3000;

    private static readonly PayloadValidationOptions Variables = Plain.With(("SNOWFLAKE_PASSWORD", "abc1234"));

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Payload n, with a problem of its own when n is a multiple of 7 (a port as text), 11 (no warehouse) or 13
    // (a variable that is not set).
    private static (string Yaml, string Json) Payload(int n)
    {
        string port = n % 7 == 0 ? "\"443\"" : "443";
        string warehouse = n % 11 == 0 ? string.Empty : $"WH{n}";
        string password = n % 13 == 0 ? "${env:NOT_SET_ANYWHERE}" : "${env:SNOWFLAKE_PASSWORD}";
        string yaml = $"- type: Snowflake\n  autoBootstrap: true\n  config:\n    host: h{n}.snowflakecomputing.com\n    port: {port}\n" +
            (warehouse.Length > 0 ? $"    warehouse: {warehouse}\n" : string.Empty) +
            $"    database: DB\n    authenticationType: userPassword\n    username: u{n}\n    password: {password}\n";
        string json = $"{{\"type\": \"Snowflake\", \"autoBootstrap\": true, \"config\": {{\"host\": \"h{n}.snowflakecomputing.com\", \"port\": {port}, " +
            (warehouse.Length > 0 ? $"\"warehouse\": \"{warehouse}\", " : string.Empty) +
            $"\"database\": \"DB\", \"authenticationType\": \"userPassword\", \"username\": \"u{n}\", \"password\": \"{password}\"}}}}";
        return (yaml, json);
    }

    private string LongFile(string extension, int count = Count, string? tail = null)
    {
        var text = new StringBuilder(extension == "json" ? "[\n" : string.Empty);
        for (int n = 1; n <= count; n++)
        {
            (string yaml, string json) = Payload(n);
            text.Append(extension == "json" ? json + (n < count ? ",\n" : "\n") : yaml);
        }
        if (extension == "json") text.Append("]\n");
        text.Append(tail);
        return _folder.File($"payloads.{extension}", Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static string Describe(PayloadValidationResult result) =>
        $"{result.Source} | {result.Type} | "
        + string.Join("; ", result.Problems.Select(p => $"{p.Path} {p.Severity} {p.Line}:{p.Column} {p.Expected} / {p.Found}"));

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public void A_long_file_gives_the_results_of_validating_its_payloads_one_by_one(string extension)
    {
        string file = LongFile(extension);

        IReadOnlyList<PayloadValidationResult> results = PayloadFiles.Validate(file, Variables);

        string[] oneByOne = PayloadFiles.Read(file).Select(d => Describe(PayloadValidator.Validate(d, Variables))).ToArray();
        Assert.Equal(oneByOne, results.Select(Describe).ToArray());
        int[] invalid = Enumerable.Range(1, Count).Where(n => n % 7 == 0 || n % 11 == 0 || n % 13 == 0).ToArray();
        Assert.Equal(invalid, results.Select((r, i) => (r, n: i + 1)).Where(x => !x.r.IsValid).Select(x => x.n).ToArray());
        // Each problem has a line, and the problems of each payload come after those of the one before.
        Assert.All(results.SelectMany(r => r.Errors), p => Assert.NotNull(p.Line));
        int[] firstLines = results.Where(r => !r.IsValid).Select(r => r.Errors.Min(p => p.Line!.Value)).ToArray();
        Assert.Equal(firstLines.Distinct().OrderBy(l => l), firstLines);
        Assert.Equal($"{file} (item {Count})", results[^1].Source);
    }

    [Fact]
    public void A_file_that_cannot_be_read_past_its_first_payloads_is_an_error_and_no_results()
    {
        string file = LongFile("yaml", tail: "- type: Snowflake\n  config: {host: [unclosed\n");

        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Validate(file, Variables));

        Assert.Equal(file, error.File);
        Assert.True(error.Line > Count * 9, $"line {error.Line}");
        Assert.Contains("is not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_file_of_one_payload_is_named_alone_and_a_list_by_item(int count)
    {
        string file = LongFile("yaml", count);

        IReadOnlyList<PayloadValidationResult> results = PayloadFiles.Validate(file, Variables);

        string[] expected = count == 1 ? [file] : [$"{file} (item 1)", $"{file} (item 2)"];
        Assert.Equal(expected, results.Select(r => r.Source));
    }

    [Fact]
    public void Each_environment_variable_is_looked_up_once_for_a_file()
    {
        string file = LongFile("yaml");
        var lookups = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var options = PayloadValidationOptions.Default.WithEnvironment(name =>
        {
            lookups.AddOrUpdate(name, 1, (_, n) => n + 1);
            return name == "SNOWFLAKE_PASSWORD" ? "abc1234" : null;
        });

        IReadOnlyList<PayloadValidationResult> results = PayloadFiles.Validate(file, options);

        Assert.Equal(Count, results.Count);
        Assert.Equal(
            new Dictionary<string, int> { ["SNOWFLAKE_PASSWORD"] = 1, ["NOT_SET_ANYWHERE"] = 1 },
            lookups.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal(Count / 13, results.Count(r => r.Errors.Any(p => p.Found.EndsWith("is not set", StringComparison.Ordinal))));
    }
}
