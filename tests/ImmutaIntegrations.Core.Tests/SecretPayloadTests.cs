using System.Text;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>References in payload files: found by validation at their field and line, sent resolved, shown as written.</summary>
public sealed class SecretPayloadTests : IDisposable
{
    private const string KeyLine = "MIIEvQ-a-line-only-the-key-has";
    private static readonly string Key = "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + KeyLine + "\\n-----END PRIVATE KEY-----\\n\"\n}";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string BigQueryFile(string credential, string extra = "") => _folder.File("bq.yaml", Encoding.UTF8.GetBytes(
        "type: Google BigQuery\nautoBootstrap: false\nconfig:\n  role: immuta\n  datasetSuffix: _secureView\n  dataset: immuta\n  location: us-east1\n"
        + $"  credential: \"{credential}\"\n" + extra));

    [Fact]
    public void A_file_reference_relative_to_the_payload_file_is_sent_as_the_files_exact_text_and_shown_as_written()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "keys"));
        _folder.File("keys/bq-key.json", Encoding.UTF8.GetBytes(Key + "\n"));
        PayloadDocument document = PayloadFiles.Read(BigQueryFile("${file:keys/bq-key.json}")).Single();

        PreparedPayload payload = PreparedPayload.From(document, PayloadValidationOptions.Default.WithSecretsResolvedOnce());

        var sent = Newtonsoft.Json.Linq.JObject.Parse(payload.ToRequestJson());
        Assert.Equal(Key, (string?)sent["config"]!["credential"]);
        Assert.Contains("${file:keys/bq-key.json}", payload.ToDisplayJson(), StringComparison.Ordinal);
        Assert.DoesNotContain(KeyLine, payload.ToDisplayJson(), StringComparison.Ordinal);
        Assert.Equal("${file:keys/bq-key.json}", payload.DisplayConfig()["credential"]);
    }

    [Fact]
    public void A_file_that_is_missing_is_a_problem_at_its_field_and_line_naming_the_path()
    {
        string file = BigQueryFile("${file:keys/none.json}");

        PayloadValidationResult result = Assert.Single(PayloadFiles.Validate(file));

        PayloadProblem problem = Assert.Single(result.Errors);
        Assert.Equal("config.credential", problem.Path);
        Assert.Equal(file, problem.File);
        Assert.Equal(8, problem.Line);
        Assert.Equal(ImmutaErrorId.SecretFileUnreadable, problem.ErrorId);
        Assert.Contains(Path.Combine(_folder.Path, "keys", "none.json"), problem.Message, StringComparison.Ordinal);
        var error = Assert.Throws<ImmutaPayloadException>(() => PreparedPayload.From(PayloadFiles.Read(file).Single()));
        Assert.Equal(ImmutaErrorId.SecretFileUnreadable, error.ErrorId);
        Assert.Equal(8, error.Line);
    }

    [Fact]
    public void Checking_only_the_form_needs_no_file_but_still_finds_a_malformed_reference()
    {
        PayloadValidationOptions form = PayloadValidationOptions.Default.WithoutSecretReferenceCheck();

        Assert.True(Assert.Single(PayloadFiles.Validate(BigQueryFile("${file:keys/none.json}"), form)).IsValid);
        PayloadProblem problem = Assert.Single(Assert.Single(PayloadFiles.Validate(BigQueryFile("${file:${env:BQ_KEY_PATH}"), form)).Errors);

        Assert.Equal(ImmutaErrorId.SecretReferenceInvalid, problem.ErrorId);
        Assert.Equal(8, problem.Line);
        Assert.Contains("does not close", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void References_anywhere_in_the_config_are_checked_unknown_fields_and_lists_too()
    {
        _folder.File("key.json", Encoding.UTF8.GetBytes(Key));
        PayloadDocument document = PayloadFiles.Read(BigQueryFile("${file:key.json}", "  extra:\n    - ${env:IMMUTA_TEST_NOT_SET_ANYWHERE}\n")).Single();

        PayloadValidationResult result = PayloadValidator.Validate(document);

        PayloadProblem problem = Assert.Single(result.Errors);
        Assert.Equal("config.extra", problem.Path);
        Assert.Equal(ImmutaErrorId.SecretReferenceMissing, problem.ErrorId);
    }

    [Fact]
    public void A_reference_that_fails_when_the_request_is_built_names_its_field_and_sends_nothing()
    {
        _folder.File("token.txt", Encoding.UTF8.GetBytes("dapi-1"));
        string file = BigQueryFile("${file:token.txt}");
        PreparedPayload payload = PreparedPayload.From(PayloadFiles.Read(file).Single());
        File.Delete(Path.Combine(_folder.Path, "token.txt"));

        var error = Assert.Throws<ImmutaPayloadException>(() => payload.ToRequestJson());

        Assert.Equal(ImmutaErrorId.SecretFileUnreadable, error.ErrorId);
        Assert.StartsWith("config.credential: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing was sent.", error.Message, StringComparison.Ordinal);
    }
}
