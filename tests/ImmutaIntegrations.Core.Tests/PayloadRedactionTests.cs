using System.Collections;
using System.Collections.Specialized;
using System.Security;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Writing;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Tests;

public sealed class PayloadRedactionTests
{
    private const string Redacted = IntegrationPayload.Redacted;

    /// <summary>A secret shows as &lt;REDACTED&gt;; a secret block (a key file) keeps its shape with every value redacted.</summary>
    internal static void AssertRedacted(object? shown, string path)
    {
        if (shown is OrderedDictionary block)
        {
            foreach (DictionaryEntry entry in block) AssertRedacted(entry.Value, $"{path}.{entry.Key}");
            return;
        }
        Assert.True(shown is Redacted, $"{path} shows {Plain.Show(shown)}");
    }

    /// <summary>Every type, with each of its authentication types (or none), with every field that applies.</summary>
    public static TheoryData<string, string> Variants()
    {
        var data = new TheoryData<string, string>();
        foreach (IntegrationType type in IntegrationTypes.All)
        {
            if (type.AuthenticationTypes.Count == 0) data.Add(type.Slug, string.Empty);
            foreach (string authentication in type.AuthenticationTypes) data.Add(type.Slug, authentication);
        }
        return data;
    }

    /// <summary>A payload with every field that applies, each secret a distinct text that must never be shown.</summary>
    private static OrderedDictionary Full(IntegrationType type, string authentication)
    {
        OrderedDictionary config = ConfigDictionary.Create();
        foreach (PayloadField field in PayloadGenerators.Applicable(type, authentication.Length == 0 ? null : authentication))
        {
            object? value = field.Kind switch
            {
                _ when field.Path == "authenticationType" => authentication,
                PayloadValueKind.Integer => 443L,
                PayloadValueKind.Boolean => true,
                PayloadValueKind.Object => ConfigDictionary.Create(),
                PayloadValueKind.Array => new object?[] { "a", "b" },
                _ when field.Prefix != null => field.Prefix + "suffix",
                _ => (field.Secret ? "hidden-" : "shown-") + field.Path,
            };
            PlainValues.Set(config, field.Path, value);
        }
        return PayloadWriter.Document(type.Name, type.HasConfig ? type.AllowsAutoBootstrap : null, type.HasConfig ? config : null);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_secret_of_every_type_is_redacted_wherever_a_payload_is_shown(string slug, string authentication)
    {
        IntegrationType type = Examples.Type(slug);
        OrderedDictionary root = Full(type, authentication);
        OrderedDictionary config = (OrderedDictionary?)root["config"] ?? ConfigDictionary.Create();
        PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(root, "full"), Plain.NoEnvironment);

        OrderedDictionary redacted = PayloadRedaction.Redact(type, config);
        string display = prepared.ToDisplayJson();
        OrderedDictionary shown = prepared.ToPublic().Config;
        var displayed = (OrderedDictionary?)Plain.Parse(display, "display.json").Single().Map!["config"] ?? ConfigDictionary.Create();

        foreach (PayloadField field in PayloadGenerators.Applicable(type, authentication.Length == 0 ? null : authentication))
        {
            foreach (OrderedDictionary form in new[] { redacted, displayed, shown })
            {
                if (field.Secret) AssertRedacted(PlainValues.Get(form, field.Path), field.Path);
                // A block is judged field by field: it may hold secrets (oAuthClientConfig.clientSecret).
                else if (field.Kind != PayloadValueKind.Object) Plain.AssertSame(PlainValues.Get(config, field.Path), PlainValues.Get(form, field.Path), field.Path);
            }
        }
        Assert.DoesNotContain("hidden-", display, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-", PayloadWriter.ToYaml(shown), StringComparison.Ordinal);
        Assert.Equal(type.Secrets.Any(s => s.AppliesTo(authentication)), prepared.ToRequestJson(_ => null).Contains("hidden-", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_type_with_a_config_has_a_secret_to_redact()
    {
        Assert.All(IntegrationTypes.All.Where(t => t.HasConfig), t => Assert.NotEmpty(t.Secrets));
    }

    [Fact]
    public void Redacting_leaves_the_original_config_alone()
    {
        OrderedDictionary config = Examples.Config(Examples.Root(IntegrationTypes.Snowflake));

        PayloadRedaction.Redact(IntegrationTypes.Snowflake, config);

        Assert.Equal("abc1234", config["password"]);
    }

    [Fact]
    public void A_key_file_object_keeps_its_shape_with_every_value_redacted()
    {
        OrderedDictionary config = Plain.Map(("authenticationType", "keyPair"), ("username", "taylor"),
            ("privateKey", Plain.Map(("keyName", "PRIV_KEY_FILE"), ("userFilename", "rsa_key.p8"), ("content", "-----BEGIN PRIVATE KEY-----"))));

        OrderedDictionary shown = PayloadRedaction.Redact(IntegrationTypes.Snowflake, config);

        var key = Assert.IsType<OrderedDictionary>(shown["privateKey"]);
        Assert.Equal(["keyName", "userFilename", "content"], key.Keys.Cast<string>());
        Assert.All(key.Values.Cast<object?>(), v => Assert.Equal(Redacted, v));
        Assert.Equal("taylor", shown["username"]);
    }

    [Theory]
    [InlineData("${env:SNOWFLAKE_PASSWORD}")]
    [InlineData(" ${env:SNOWFLAKE_PASSWORD} ")]
    public void A_secret_reference_is_shown_as_written(string reference)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["password"] = reference;
        PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(root, "test"), Plain.With(("SNOWFLAKE_PASSWORD", "s3cr3t")));

        Assert.Equal(reference, PayloadRedaction.Redact(IntegrationTypes.Snowflake, Examples.Config(root))["password"]);
        Assert.Equal(reference, (string?)JObject.Parse(prepared.ToDisplayJson())["config"]!["password"]);
        Assert.Equal(reference, prepared.ToPublic().Config["password"]);
        Assert.Equal(reference.Replace("${env:SNOWFLAKE_PASSWORD}", "s3cr3t", StringComparison.Ordinal),
            (string?)JObject.Parse(prepared.ToRequestJson(name => name == "SNOWFLAKE_PASSWORD" ? "s3cr3t" : null))["config"]!["password"]);
    }

    [Fact]
    public void A_secret_that_mixes_a_reference_with_text_is_redacted()
    {
        // "prefix-${env:X}" holds part of the secret in the file itself.
        OrderedDictionary config = Plain.Map(("password", "abc-${env:SNOWFLAKE_PASSWORD}"));

        Assert.Equal(Redacted, PayloadRedaction.Redact(IntegrationTypes.Snowflake, config)["password"]);
    }

    [Fact]
    public void A_secure_string_is_redacted_in_any_field_and_revealed_only_on_the_wire()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        OrderedDictionary config = Examples.Config(root);
        config["password"] = Secure("pa55word");
        config["warehouse"] = Secure("SECRET_WAREHOUSE");
        PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(root, "test"), Plain.NoEnvironment);

        Assert.Equal(Redacted, PayloadRedaction.Redact(IntegrationTypes.Snowflake, config)["warehouse"]);
        Assert.DoesNotContain("pa55word", prepared.ToDisplayJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET_WAREHOUSE", prepared.ToDisplayJson(), StringComparison.Ordinal);
        Assert.Equal(Redacted, prepared.ToPublic().Config["warehouse"]);
        Assert.Equal(Redacted, Plain.Parse(PayloadWriter.ToYaml(config), "config.yaml").Single().Map!["password"]);
        JObject request = JObject.Parse(prepared.ToRequestJson(_ => null));
        Assert.Equal("pa55word", (string?)request["config"]!["password"]);
        Assert.Equal("SECRET_WAREHOUSE", (string?)request["config"]!["warehouse"]);
    }

    [Theory]
    [InlineData("clientSecretX")]
    [InlineData("apiKey")]
    [InlineData("APIKEY")]
    [InlineData("sessionToken")]
    [InlineData("dbPassword")]
    [InlineData("serviceCredential")]
    [InlineData("privateKeyFile")]
    public void A_field_whose_name_says_secret_is_redacted_for_an_unknown_type(string name)
    {
        OrderedDictionary config = Plain.Map((name, "s3cr3t"), ("host", "example.com"), ("authenticationType", "token"),
            ("nested", Plain.Map((name, "s3cr3t"), ("role", "r"))));

        OrderedDictionary shown = PayloadRedaction.Redact(null, config);

        Assert.Equal(Redacted, shown[name]);
        Assert.Equal(Redacted, ((OrderedDictionary)shown["nested"]!)[name]);
        Assert.Equal("example.com", shown["host"]);
        Assert.Equal("token", shown["authenticationType"]);
        Assert.Equal("r", ((OrderedDictionary)shown["nested"]!)["role"]);
    }

    [Fact]
    public void Trinos_API_key_is_redacted()
    {
        OrderedDictionary shown = PayloadRedaction.Redact(IntegrationTypes.Trino, Plain.Map(("apiKey", "0123456789abcdef"), ("configurationSnippet", "access-control.name=immuta")));

        Assert.Equal(Redacted, shown["apiKey"]);
        Assert.Equal("access-control.name=immuta", shown["configurationSnippet"]);
    }

    [Fact]
    public void Sending_with_a_variable_that_is_not_set_fails_naming_it()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Databricks);
        Examples.Config(root)["token"] = "${env:DATABRICKS_TOKEN}";
        PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(root, "test"), Plain.With(("DATABRICKS_TOKEN", "dapi")));

        var error = Assert.Throws<ImmutaPayloadException>(() => prepared.ToRequestJson(_ => null));

        Assert.Equal(ImmutaErrorId.SecretReferenceMissing, error.ErrorId);
        Assert.Contains("DATABRICKS_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("config.token", error.Message, StringComparison.Ordinal);
        Assert.Equal("dapi-1", (string?)JObject.Parse(prepared.ToRequestJson(name => name == "DATABRICKS_TOKEN" ? "dapi-1" : null))["config"]!["token"]);
    }

    [Fact]
    public void Preparing_an_invalid_payload_fails_listing_every_problem()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root).Remove("warehouse");
        Examples.Config(root)["port"] = "443";

        var error = Assert.Throws<ImmutaPayloadException>(() => PreparedPayload.From(new PayloadDocument(root, "test")));

        Assert.Equal(ImmutaErrorId.PayloadInvalid, error.ErrorId);
        Assert.Equal(["config.port", "config.warehouse"], error.Problems.Select(p => p.Path));
        Assert.Contains("(2 problems)", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> ExampleSlugs() => Examples.Slugs();

    [Theory]
    [MemberData(nameof(ExampleSlugs))]
    public void The_public_form_of_an_example_gives_back_its_request(string slug)
    {
        PreparedPayload prepared = PreparedPayload.From(Examples.Read(Examples.Type(slug)), Plain.NoEnvironment);

        IntegrationPayload shown = prepared.ToPublic();
        PayloadDocument document = PreparedPayload.ToDocument(shown);

        Assert.Equal(prepared.ToRequestJson(_ => null), PreparedPayload.From(document, Plain.NoEnvironment).ToRequestJson(_ => null));
        Assert.True(JToken.DeepEquals(JToken.Parse(File.ReadAllText(Examples.PathOf(Examples.Type(slug)))), JToken.Parse(prepared.ToRequestJson(_ => null))));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_public_form_of_a_full_payload_gives_back_its_request(string slug, string authentication)
    {
        PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(Full(Examples.Type(slug), authentication), "full"), Plain.NoEnvironment);

        PayloadDocument document = PreparedPayload.ToDocument(prepared.ToPublic());

        Assert.Equal(prepared.ToRequestJson(_ => null), PreparedPayload.From(document, Plain.NoEnvironment).ToRequestJson(_ => null));
    }

    [Fact]
    public void Secret_looking_fields_of_any_kind_come_back_with_their_kind()
    {
        // Unknown fields are sent as they are; those whose names say secret are hidden, and must still be sent as they were.
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        OrderedDictionary config = Examples.Config(root);
        config["tokenLifetime"] = 3600L;
        config["useCredentialCache"] = true;
        config["secretRatio"] = 0.5;
        config["apiKeys"] = new object?[] { "k1", "k2" };
        config["privateKeyOptions"] = Plain.Map(("rounds", 12L), ("strict", false), ("note", null));
        PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(root, "test"), Plain.NoEnvironment);

        IntegrationPayload shown = prepared.ToPublic();

        Assert.Equal(Redacted, shown.Config["tokenLifetime"]);
        Assert.Equal(new object?[] { Redacted, Redacted }, shown.Config["apiKeys"]);
        Assert.DoesNotContain("k1", prepared.ToDisplayJson(), StringComparison.Ordinal);
        Assert.Equal(prepared.ToRequestJson(_ => null), PreparedPayload.From(PreparedPayload.ToDocument(shown), Plain.NoEnvironment).ToRequestJson(_ => null));
    }

    [Fact]
    public void A_secret_set_anew_on_the_public_form_replaces_the_kept_one()
    {
        IntegrationPayload shown = PreparedPayload.From(Examples.Read(IntegrationTypes.S3), Plain.NoEnvironment).ToPublic();
        Assert.Equal(Redacted, shown.Config["awsSecretAccessKey"]);

        shown.Config["awsSecretAccessKey"] = "${env:AWS_SECRET_ACCESS_KEY}";
        shown.Config["name"] = "renamed";
        string request = PreparedPayload.From(PreparedPayload.ToDocument(shown), Plain.With(("AWS_SECRET_ACCESS_KEY", "new")))
            .ToRequestJson(name => name == "AWS_SECRET_ACCESS_KEY" ? "new" : null);

        Assert.Equal("new", (string?)JObject.Parse(request)["config"]!["awsSecretAccessKey"]);
        Assert.Equal("renamed", (string?)JObject.Parse(request)["config"]!["name"]);
    }

    [Fact]
    public void The_public_form_names_its_type_by_the_API_name_and_its_source()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.BigQuery);
        root["type"] = "bigquery";

        IntegrationPayload shown = PreparedPayload.From(new PayloadDocument(root, "payloads.yaml (item 2)"), Plain.NoEnvironment).ToPublic();

        Assert.Equal(IntegrationTypes.BigQueryName, shown.Type);
        Assert.False(shown.AutoBootstrap);
        Assert.Equal("payloads.yaml (item 2)", shown.Source);
        Assert.Equal("Google BigQuery payload (payloads.yaml (item 2))", shown.ToString());
    }

    [Fact]
    public void A_Trino_payload_has_nothing_to_hide()
    {
        PreparedPayload prepared = PreparedPayload.From(Examples.Read(IntegrationTypes.Trino));

        Assert.Equal("{\"type\":\"Trino\"}", prepared.ToRequestJson(_ => null));
        Assert.Equal("{\"type\":\"Trino\"}", prepared.ToDisplayJson());
        Assert.Null(prepared.ToPublic().AutoBootstrap);
        Assert.Empty(prepared.ToPublic().Config);
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
