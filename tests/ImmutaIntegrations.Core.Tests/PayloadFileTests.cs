using System.Collections.Specialized;
using System.Text;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;

namespace ImmutaIntegrations.Core.Tests;

public sealed class PayloadFileTests : IDisposable
{
    private static readonly PayloadValidationOptions Variables = Plain.With(
        ("SNOWFLAKE_PASSWORD", "abc1234"), ("DATABRICKS_TOKEN", "dapi123"), ("BIGQUERY_CREDENTIAL", "{}"),
        ("REDSHIFT_PASSWORD", "abc1234"), ("SYNAPSE_PASSWORD", "abc1234"));

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Each malformed file of tests/data/payloads/bad: what the message says, and where (line, column; 0 when
    // the reader cannot tell a useful column, null when the file has no position to point at).
    [Theory]
    [InlineData("indentation-too-deep.yaml", "found invalid mapping", 5, 13)]
    [InlineData("indentation-too-shallow.yaml", "did not find expected key", 5, 2)]
    [InlineData("tab-indentation.yaml", "tab", 4, 1)]
    [InlineData("tab-among-spaces.yaml", "tab", 5, 1)]
    [InlineData("duplicate-key.yaml", "Duplicate key 'autoBootstrap'", 3, 1)]
    [InlineData("duplicate-key-in-another-case.yaml", "Duplicate key 'Host'", 6, 3)]
    [InlineData("duplicate-key.json", "Duplicate key 'warehouse'", 7, 5)]
    [InlineData("truncated.json", "An object is not closed (a '}' is missing)", 6, 0)]
    [InlineData("truncated-list.json", "The list of payloads is not closed (a ']' is missing)", 4, 0)]
    [InlineData("missing-comma.json", "After parsing a value an unexpected character was encountered", 3, 0)]
    [InlineData("two-values.json", "Additional text encountered after finished reading JSON content", 4, 0)]
    [InlineData("yaml-in-a-json-file.json", "not valid JSON", 1, 0)]
    [InlineData("comment-only.json", "holds no JSON value", null, null)]
    [InlineData("unclosed-flow-mapping.yaml", "The flow mapping '{' that starts here is not closed", 3, 9)]
    [InlineData("unclosed-flow-list.yaml", "did not find expected ',' or ']'", 5, 1)]
    [InlineData("unclosed-quote.yaml", "double-quoted scalar", 1, 7)]
    [InlineData("colon-in-plain-value.yaml", "found invalid mapping", 4, 16)]
    [InlineData("list-then-mapping.yaml", "did not find expected '-' indicator", 2, 1)]
    [InlineData("unknown-alias.yaml", "Unknown alias '*base'", 3, 9)]
    [InlineData("key-is-a-list.yaml", "A key must be a plain name, not a list or a mapping", 1, 3)]
    [InlineData("comments-only.yaml", "holds no payload", null, null)]
    [InlineData("alias-bomb.yaml", "more than 1000000 values once its aliases are expanded", 11, 0)]
    [InlineData("nested-too-deep.yaml", "nest more than 64 levels deep", 4, 71)]
    public void A_malformed_file_is_refused_with_where_and_why(string name, string why, int? line, int? column)
    {
        string file = PayloadCorpus.Bad(name);

        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Read(file));

        Assert.Equal(ImmutaErrorId.PayloadFileInvalid, error.ErrorId);
        Assert.Equal(file, error.File);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        if (column != 0) Assert.Equal(column, error.Column);
        Assert.True(error.Column is null or >= 1, $"column {error.Column}");
        string where = line is int l ? $"{file}:{l}:{error.Column}: " : file + ": ";
        Assert.StartsWith(where + "the file ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.EndsWith('.'), error.Message);
    }

    [Fact]
    public void Every_file_of_the_malformed_corpus_is_tested()
    {
        string[] tested = typeof(PayloadFileTests).GetMethod(nameof(A_malformed_file_is_refused_with_where_and_why))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).ToArray();

        Assert.Equal(
            Directory.GetFiles(PayloadCorpus.Bad(string.Empty)).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            tested.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_binary_file_is_refused_as_not_text()
    {
        string file = _folder.File("payload.yaml", [0x74, 0x79, 0x70, 0x65, 0x00, 0x01, 0xFF, 0x3A]);

        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Read(file));

        Assert.Equal(ImmutaErrorId.PayloadFileInvalid, error.ErrorId);
        Assert.Equal($"{file}: the file is not a text file (it holds binary data at byte 4).", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t\n  \r\n")]
    [InlineData("\uFEFF")]
    public void An_empty_or_blank_file_is_refused_as_empty(string text)
    {
        string file = _folder.File("payload.yaml", Encoding.UTF8.GetBytes(text));

        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Read(file));

        Assert.Equal(ImmutaErrorId.PayloadFileInvalid, error.ErrorId);
        Assert.Contains("the file is empty", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Line);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_without_being_read()
    {
        string file = Path.Combine(_folder.Path, "huge.json");
        using (var stream = File.Create(file)) stream.SetLength(10L * 1024 * 1024);

        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Read(file));

        Assert.Equal(ImmutaErrorId.PayloadFileInvalid, error.ErrorId);
        // The size is written in the user's culture (10.0 or 10,0).
        Assert.Matches(@"is 10[.,]0 MB; payload files are limited to 8 MB\.$", error.Message);
    }

    [Fact]
    public void A_file_at_the_size_limit_is_read()
    {
        // Padding spaces after a payload: exactly MaxBytes, so the limit itself is allowed.
        byte[] payload = Encoding.UTF8.GetBytes("{\"type\": \"Trino\"}");
        byte[] bytes = new byte[PayloadFiles.MaxBytes];
        Array.Fill(bytes, (byte)' ');
        payload.CopyTo(bytes, 0);
        string file = _folder.File("big.json", bytes);

        Assert.Equal("Trino", ((OrderedDictionary)Assert.Single(PayloadFiles.Read(file)).Root!)["type"]);
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_refused_with_the_offset()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("type: Sn"), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("wflake\n")];
        string file = _folder.File("payload.yaml", bytes);

        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Read(file));

        Assert.Equal(ImmutaErrorId.PayloadFileInvalid, error.ErrorId);
        Assert.Equal($"{file}: the file is not UTF-8 text (invalid bytes at byte 8).", error.Message);
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        string file = Path.Combine(_folder.Path, "missing.yaml");

        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Read(file));

        Assert.Equal(ImmutaErrorId.PayloadFileNotFound, error.ErrorId);
        Assert.Equal(file, error.File);
        Assert.Equal($"{file} does not exist.", error.Message);
    }

    [Fact]
    public void A_folder_is_not_a_payload_file()
    {
        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Read(_folder.Path));

        Assert.Equal(ImmutaErrorId.PayloadFileInvalid, error.ErrorId);
        Assert.Equal($"{_folder.Path} is a folder, not a payload file.", error.Message);
    }

    [Fact]
    public void A_relative_path_is_reported_in_full()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, PayloadCorpus.Bad("duplicate-key.yaml"));

        var error = Assert.Throws<ImmutaPayloadException>(() => PayloadFiles.Read(relative));

        Assert.Equal(PayloadCorpus.Bad("duplicate-key.yaml"), error.File);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_skipped()
    {
        string file = _folder.File("payload.json", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("{\"type\": \"Trino\"}")]);

        PayloadDocument document = Assert.Single(PayloadFiles.Read(file));

        Assert.Equal("Trino", document.Map!["type"]);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void A_UTF16_file_with_a_byte_order_mark_is_read(string encoding)
    {
        // What Windows PowerShell 5.1 writes with Out-File and '>'.
        Encoding unicode = Encoding.GetEncoding(encoding);
        string file = _folder.File("payload.yaml", [.. unicode.GetPreamble(), .. unicode.GetBytes("type: Trino\n# ünïcödé\n")]);

        PayloadDocument document = Assert.Single(PayloadFiles.Read(file));

        Assert.Equal("Trino", document.Map!["type"]);
    }

    [Theory]
    [InlineData("payload.txt", "{\"type\": \"Trino\"}")]
    [InlineData("payload", "[{\"type\": \"Trino\"}]")]
    [InlineData("payload.YML", "type: Trino")]
    [InlineData("payload.conf", "type: Trino")]
    public void The_format_follows_the_extension_or_else_the_content(string name, string text)
    {
        PayloadDocument document = Assert.Single(Plain.Parse(text, name));

        Assert.Equal("Trino", document.Map!["type"]);
    }

    [Fact]
    public void A_YAML_list_gives_one_payload_per_item_each_valid()
    {
        string file = PayloadCorpus.Good("list.yaml");

        IReadOnlyList<PayloadDocument> documents = PayloadFiles.Read(file);

        Assert.Equal(["Snowflake", "S3", "Starburst"], documents.Select(d => (string)d.Map!["type"]!));
        Assert.Equal([$"{file} (item 1)", $"{file} (item 2)", $"{file} (item 3)"], documents.Select(d => d.Origin));
        Assert.All(documents, d => Assert.Equal(file, d.File));
        Assert.All(documents, d => Assert.Empty(PayloadValidator.Validate(d, Variables).Problems));
    }

    [Fact]
    public void A_YAML_stream_gives_one_payload_per_document()
    {
        IReadOnlyList<PayloadDocument> documents = PayloadFiles.Read(PayloadCorpus.Good("stream.yaml"));

        Assert.Equal([IntegrationTypes.DatabricksName, IntegrationTypes.BigQueryName, IntegrationTypes.TrinoName],
            documents.Select(d => PayloadValidator.Validate(d, Variables).Type));
        Assert.All(documents, d => Assert.Empty(PayloadValidator.Validate(d, Variables).Problems));
    }

    [Fact]
    public void YAML_anchors_and_aliases_give_independent_copies_of_the_same_values()
    {
        IReadOnlyList<PayloadDocument> documents = PayloadFiles.Read(PayloadCorpus.Good("anchors.yaml"));

        Assert.Equal(2, documents.Count);
        var east = (OrderedDictionary)documents[0].Map!["config"]!;
        var west = (OrderedDictionary)documents[1].Map!["config"]!;
        foreach (string key in new[] { "warehouse", "username", "password", "impersonation" }) Plain.AssertSame(east[key], west[key], key);
        Assert.Equal("${env:SNOWFLAKE_PASSWORD}", west["password"]);
        Assert.NotSame(east["impersonation"], west["impersonation"]);
        Assert.All(documents, d => Assert.Empty(PayloadValidator.Validate(d, Variables).Problems));
    }

    [Fact]
    public void A_JSON_list_gives_one_payload_per_item()
    {
        string file = PayloadCorpus.Good("list.json");

        IReadOnlyList<PayloadDocument> documents = PayloadFiles.Read(file);

        Assert.Equal([IntegrationTypes.RedshiftName, IntegrationTypes.SynapseName], documents.Select(d => PayloadValidator.Validate(d, Variables).Type));
        Assert.Equal([$"{file} (item 1)", $"{file} (item 2)"], documents.Select(d => d.Origin));
        Assert.All(documents, d => Assert.Empty(PayloadValidator.Validate(d, Variables).Problems));
    }

    [Fact]
    public void The_problems_of_a_YAML_list_point_at_their_item_and_line()
    {
        string file = PayloadCorpus.Good("list-with-problems.yaml");
        IReadOnlyList<PayloadDocument> documents = PayloadFiles.Read(file);

        PayloadValidationResult[] results = documents.Select(d => PayloadValidator.Validate(d, Variables)).ToArray();

        Assert.Equal([true, false, false, true], results.Select(r => r.IsValid));
        PayloadProblem port = Assert.Single(results[1].Errors);
        Assert.Equal(("config.port", 7, 5), (port.Path, port.Line, port.Column));
        Assert.Equal($"{file} (item 2)", results[1].Source);
        Assert.Equal(
            [("autoBootstrap", 14, 3), ("config.datasetSuffix", 17, 5)],
            results[2].Errors.Select(e => (e.Path, e.Line, e.Column)));
        Assert.All(results.SelectMany(r => r.Problems), p => Assert.Equal(file, p.File));
        Assert.StartsWith($"{file}:7:5: config.port: expected an integer", port.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_problems_of_a_JSON_list_point_at_their_item_and_line()
    {
        string file = PayloadCorpus.Good("list-with-problems.json");

        PayloadValidationResult[] results = PayloadFiles.Read(file).Select(d => PayloadValidator.Validate(d, Variables)).ToArray();

        Assert.Equal([true, false, false], results.Select(r => r.IsValid));
        // A missing field is reported where its block is.
        PayloadProblem missing = Assert.Single(results[1].Errors);
        Assert.Equal(("config.initialDatabase", 8, 5), (missing.Path, missing.Line, missing.Column));
        PayloadProblem number = Assert.Single(results[2].Errors);
        Assert.Equal(("config.awsAccountId", 21, 7), (number.Path, number.Line, number.Column));
        Assert.Equal("123456789 (a number)", number.Found);
    }

    [Fact]
    public void The_problems_of_a_YAML_stream_point_at_their_document_and_line()
    {
        string file = PayloadCorpus.Good("stream-with-problems.yaml");

        PayloadValidationResult[] results = PayloadFiles.Read(file).Select(d => PayloadValidator.Validate(d, Variables)).ToArray();

        Assert.True(results[0].IsValid);
        PayloadProblem missing = Assert.Single(results[1].Errors);
        Assert.Equal(("config.httpPath", 5, 1), (missing.Path, missing.Line, missing.Column));
        Assert.Equal($"{file} (item 2)", results[1].Source);
    }

    [Fact]
    public void A_single_payload_file_names_the_file_alone()
    {
        string file = Examples.PathOf(IntegrationTypes.Snowflake);

        PayloadDocument document = Assert.Single(PayloadFiles.Read(file));

        Assert.Equal(file, document.Origin);
    }

    [Theory]
    [InlineData("payload.yaml", "type: Snowflake\nautoBootstrap: true\nconfig:\n  host: h\n  port: '443'\n", 5, 3)]
    [InlineData("payload.json", "{\n  \"type\": \"Snowflake\",\n  \"autoBootstrap\": true,\n  \"config\": {\"host\": \"h\", \"port\": \"443\"}\n}", 4, 27)]
    [InlineData("payload.json", "{\"type\": \"Snowflake\", \"autoBootstrap\": true, \"config\": {\n\"port\" : \"443\"}}", 2, 1)]
    [InlineData("payload.json", "{\"type\": \"Snowflake\", \"autoBootstrap\": true, \"config\": {\n  \"p\\u006frt\": \"443\"}}", 2, 3)]
    public void A_field_is_placed_where_its_name_starts(string name, string text, int line, int column)
    {
        PayloadValidationResult result = PayloadValidator.Validate(Plain.Parse(text, name).Single(), Plain.NoEnvironment);

        PayloadProblem port = Assert.Single(result.Errors, e => e.Path == "config.port");
        Assert.Equal((line, column), (port.Line, port.Column));
    }

    [Theory]
    [InlineData("value: 123", 123L)]
    [InlineData("value: '123'", "123")]
    [InlineData("value: \"123\"", "123")]
    [InlineData("value: !!str 123", "123")]
    [InlineData("value: 0123", 123L)]
    [InlineData("value: -7", -7L)]
    [InlineData("value: 1.5", 1.5)]
    [InlineData("value: 1e3", 1000.0)]
    [InlineData("value: true", true)]
    [InlineData("value: False", false)]
    [InlineData("value: yes", "yes")]
    [InlineData("value: off", "off")]
    [InlineData("value: null", null)]
    [InlineData("value: ~", null)]
    [InlineData("value:", null)]
    [InlineData("value: 0x1F", "0x1F")]
    [InlineData("value: .inf", ".inf")]
    [InlineData("value: 2024-01-01", "2024-01-01")]
    [InlineData("value: 99999999999999999999", 1e20)]
    public void YAML_scalars_read_as_the_core_schema_says(string yaml, object? expected)
    {
        object? value = ((OrderedDictionary)Plain.Parse(yaml, "value.yaml").Single().Root!)["value"];

        Plain.AssertSame(expected, value);
    }

    [Theory]
    [InlineData("{\"value\": 123}", 123L)]
    [InlineData("{\"value\": \"123\"}", "123")]
    [InlineData("{\"value\": 1.0}", 1.0)]
    [InlineData("{\"value\": \"2024-01-01T00:00:00Z\"}", "2024-01-01T00:00:00Z")]
    [InlineData("{\"value\": 99999999999999999999}", 1e20)]
    [InlineData("{\"value\": null}", null)]
    public void JSON_values_keep_their_kinds(string json, object? expected)
    {
        object? value = ((OrderedDictionary)Plain.Parse(json, "value.json").Single().Root!)["value"];

        Plain.AssertSame(expected, value);
    }

    [Fact]
    public void An_empty_list_is_read_as_no_payloads()
    {
        // What exporting no integrations writes: it reads back as nothing, not as an error.
        Assert.Empty(Plain.Parse("[]", "none.json"));
        Assert.Empty(Plain.Parse("[]\n", "none.yaml"));
    }
}
