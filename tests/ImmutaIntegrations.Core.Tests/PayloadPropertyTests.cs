using System.Collections.Specialized;
using FsCheck.Xunit;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Payloads.Writing;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// Properties of every payload the descriptions allow, checked on payloads generated from them
/// (<see cref="PayloadGenerators"/>); 200 cases each keeps the suite fast.
/// </summary>
public sealed class PayloadPropertyTests
{
    private const int Runs = 200;

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void A_generated_payload_is_valid(GeneratedPayload payload)
    {
        PayloadValidationResult result = PayloadValidator.Validate(new PayloadDocument(payload.Root, "generated"), Plain.NoEnvironment);

        Assert.Empty(result.Errors);
        Assert.Equal(payload.Type.Name, result.Type);
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void A_payload_written_as_YAML_reads_back_unchanged_and_valid(GeneratedPayload payload)
    {
        string yaml = PayloadWriter.ToYaml(payload.Root);

        PayloadDocument document = Assert.Single(Plain.Parse(yaml, "payload.yaml"));

        Plain.AssertSame(payload.Root, document.Root);
        Assert.Empty(PayloadValidator.Validate(document, Plain.NoEnvironment).Errors);
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void A_payload_written_as_JSON_reads_back_unchanged_and_valid(GeneratedPayload payload)
    {
        string json = PayloadWriter.ToJson(payload.Root);

        PayloadDocument document = Assert.Single(Plain.Parse(json, "payload.json"));

        Plain.AssertSame(payload.Root, document.Root);
        Assert.Empty(PayloadValidator.Validate(document, Plain.NoEnvironment).Errors);
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void A_payload_goes_from_YAML_to_JSON_and_back_unchanged(GeneratedPayload payload)
    {
        object? fromYaml = Assert.Single(Plain.Parse(PayloadWriter.ToYaml(payload.Root), "payload.yaml")).Root;
        object? fromJson = Assert.Single(Plain.Parse(PayloadWriter.ToJson(fromYaml), "payload.json")).Root;
        object? backToYaml = Assert.Single(Plain.Parse(PayloadWriter.ToYaml(fromJson), "payload.yml")).Root;

        Plain.AssertSame(payload.Root, backToYaml);
    }

    [Property(MaxTest = 50, Arbitrary = [typeof(PayloadArbitraries)])]
    public void A_list_of_payloads_reads_back_item_by_item(GeneratedPayload[] payloads)
    {
        object?[] list = payloads.Select(p => (object?)p.Root).ToArray();

        foreach ((string text, string file) in new[] { (PayloadWriter.ToYaml(list), "list.yaml"), (PayloadWriter.ToJson(list), "list.json") })
        {
            IReadOnlyList<PayloadDocument> documents = Plain.Parse(text, file);

            Assert.Equal(payloads.Length, documents.Count);
            for (int i = 0; i < payloads.Length; i++)
            {
                Plain.AssertSame(payloads[i].Root, documents[i].Root);
                // A list of one is named by its file alone.
                Assert.Equal(payloads.Length == 1 ? file : $"{file} (item {i + 1})", documents[i].Origin);
            }
        }
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void Breaking_one_rule_gives_one_error_at_its_path(MutatedPayload mutation)
    {
        PayloadValidationResult result = PayloadValidator.Validate(new PayloadDocument(mutation.Root, "mutated"), Plain.NoEnvironment);

        PayloadProblem error = Assert.Single(result.Errors);
        Assert.Equal(mutation.Path, error.Path);
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void Breaking_one_rule_in_a_file_is_reported_at_a_line_of_it(MutatedPayload mutation)
    {
        string yaml = PayloadWriter.ToYaml(mutation.Root);
        PayloadDocument document = Assert.Single(Plain.Parse(yaml, "mutated.yaml"));

        PayloadProblem error = Assert.Single(PayloadValidator.Validate(document, Plain.NoEnvironment).Errors);

        Assert.Equal(mutation.Path, error.Path);
        Assert.Equal("mutated.yaml", error.File);
        int line = Assert.IsType<int>(error.Line);
        Assert.InRange(line, 1, yaml.Split('\n').Length);
        // The line holds the field, or the nearest block above it that is there (for a missing one).
        string[] names = mutation.Path.Split('.');
        string text = yaml.Split('\n')[line - 1];
        Assert.True(names.Any(name => text.TrimStart().StartsWith(name + ":", StringComparison.Ordinal)) || line == 1,
            $"line {line} '{text}' does not hold {mutation.Path}");
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void A_prepared_payload_survives_its_public_form(GeneratedPayload payload)
    {
        PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(payload.Root, "generated"), Plain.NoEnvironment);
        string request = prepared.ToRequestJson(_ => null);

        IntegrationPayload shown = prepared.ToPublic();
        string again = PreparedPayload.From(PreparedPayload.ToDocument(shown), Plain.NoEnvironment).ToRequestJson(_ => null);

        Assert.Equal(request, again);
        Assert.Equal(payload.Type.Name, (string?)JObject.Parse(request)["type"]);
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void Every_secret_of_a_generated_payload_is_redacted_in_what_is_shown(GeneratedPayload payload)
    {
        PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(payload.Root, "generated"), Plain.NoEnvironment);
        OrderedDictionary display = Assert.Single(Plain.Parse(prepared.ToDisplayJson(), "display.json")).Map!;
        OrderedDictionary shown = prepared.ToPublic().Config;

        foreach (PayloadField secret in payload.Type.Secrets)
        {
            if (payload.Config is null || !PlainValues.Has(payload.Config, secret.Path)) continue;
            PayloadRedactionTests.AssertRedacted(PlainValues.Get((OrderedDictionary)display["config"]!, secret.Path), secret.Path);
            PayloadRedactionTests.AssertRedacted(PlainValues.Get(shown, secret.Path), secret.Path);
        }
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void A_generated_payload_satisfies_its_JSON_Schema(GeneratedPayload payload)
    {
        // The schemas offer the API's names and aliases as written; the validator also takes any case.
        OrderedDictionary root = payload.CopyRoot();
        root["type"] = payload.Type.Name;
        string json = PayloadWriter.ToJson(root);

        PayloadSchemaTests.AssertValid(PayloadSchemaTests.SchemaOf(payload.Type), json);
        PayloadSchemaTests.AssertValid(PayloadSchemaTests.AnySchema, json);
    }

    [Property(MaxTest = Runs, Arbitrary = [typeof(PayloadArbitraries)])]
    public void Breaking_one_rule_also_fails_the_JSON_Schema(MutatedPayload mutation)
    {
        OrderedDictionary root = (OrderedDictionary)PlainValues.DeepCopy(mutation.Root)!;
        if (mutation.Path != "type") root["type"] = mutation.Original.Type.Name;

        PayloadSchemaTests.AssertInvalid(PayloadSchemaTests.AnySchema, PayloadWriter.ToJson(root));
    }
}
