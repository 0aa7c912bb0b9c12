using System.Collections.Specialized;
using System.Text.Json;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Writing;
using Json.Schema;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The generated JSON Schemas, checked with an independent validator (JsonSchema.Net) against the same
/// payloads the module's own validation accepts or refuses.
/// </summary>
public sealed class PayloadSchemaTests : IDisposable
{
    private static readonly Dictionary<string, JsonSchema> Schemas =
        IntegrationTypes.All.ToDictionary(t => t.Slug, t => Build(PayloadSchemas.ForType(t)));

    internal static readonly JsonSchema AnySchema = Build(PayloadSchemas.ForAny());

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    internal static JsonSchema SchemaOf(IntegrationType type) => Schemas[type.Slug];

    // Newtonsoft's JObject as text, read by System.Text.Json; each schema in a registry of its own, as its
    // relative $id would clash with the others' in the global one.
    private static JsonSchema Build(JObject schema) =>
        JsonSchema.FromText(schema.ToString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static EvaluationResults Evaluate(JsonSchema schema, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    internal static void AssertValid(JsonSchema schema, string json)
    {
        EvaluationResults results = Evaluate(schema, json);
        Assert.True(results.IsValid, $"refused by the schema: {Describe(results)}\n{json}");
    }

    internal static void AssertInvalid(JsonSchema schema, string json)
    {
        Assert.False(Evaluate(schema, json).IsValid, $"accepted by the schema:\n{json}");
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors != null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    private static string Json(OrderedDictionary root) => PayloadWriter.ToJson(root);

    public static TheoryData<string> ExampleSlugs() => Examples.Slugs();

    [Theory]
    [MemberData(nameof(ExampleSlugs))]
    public void Every_example_satisfies_its_types_schema_and_the_any_schema(string slug)
    {
        string json = File.ReadAllText(Examples.PathOf(Examples.Type(slug)));

        AssertValid(SchemaOf(Examples.Type(slug)), json);
        AssertValid(AnySchema, json);
    }

    [Fact]
    public void A_list_of_every_example_satisfies_the_any_schema()
    {
        string list = "[" + string.Join(",", IntegrationTypes.All.Select(t => File.ReadAllText(Examples.PathOf(t)))) + "]";

        AssertValid(AnySchema, list);
    }

    [Fact]
    public void A_list_with_one_bad_payload_fails_the_any_schema()
    {
        OrderedDictionary s3 = Examples.Root(IntegrationTypes.S3);
        s3["autoBootstrap"] = true;
        string list = "[" + File.ReadAllText(Examples.PathOf(IntegrationTypes.Trino)) + "," + Json(s3) + "]";

        AssertInvalid(AnySchema, list);
    }

    [Theory]
    [MemberData(nameof(ExampleSlugs))]
    public void An_example_of_one_type_fails_another_types_schema(string slug)
    {
        string json = File.ReadAllText(Examples.PathOf(Examples.Type(slug)));

        Assert.All(IntegrationTypes.All.Where(t => t.Slug != slug), other => AssertInvalid(SchemaOf(other), json));
    }

    public static TheoryData<string, string> RequiredFields() => PayloadValidatorTests.RequiredFields();

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Removing_a_required_field_fails_the_schemas(string slug, string path)
    {
        IntegrationType type = Examples.Type(slug);
        OrderedDictionary root = Examples.Root(type);
        Plain.Remove(root, path);

        AssertInvalid(AnySchema, Json(root));
        if (path != "type") AssertInvalid(SchemaOf(type), Json(root));
    }

    [Theory]
    [InlineData("snowflake", "config.port", "\"443\"")]
    [InlineData("snowflake", "config.port", "70000")]
    [InlineData("snowflake", "config.host", "42")]
    [InlineData("snowflake", "autoBootstrap", "\"yes\"")]
    [InlineData("snowflake", "config.authenticationType", "\"kerberos\"")]
    [InlineData("snowflake", "config.audit", "true")]
    [InlineData("databricks", "config.workspaceIds", "\"1, 2\"")]
    [InlineData("synapse", "config.metadataDelimiters.hashDelimiter", "1")]
    [InlineData("bigquery", "config.datasetSuffix", "\"secureView\"")]
    [InlineData("bigquery", "autoBootstrap", "true")]
    [InlineData("s3", "autoBootstrap", "true")]
    [InlineData("s3", "config", "[]")]
    [InlineData("trino", "autoBootstrap", "false")]
    [InlineData("trino", "config", "{\"host\": \"trino.example.com\"}")]
    public void A_value_the_validator_refuses_fails_the_schemas(string slug, string path, string json)
    {
        IntegrationType type = Examples.Type(slug);
        OrderedDictionary root = Examples.Root(type);
        PlainValues.Set(root, path, Plain.Json(json));
        Assert.False(Plain.Validate(root).IsValid);

        AssertInvalid(SchemaOf(type), Json(root));
        AssertInvalid(AnySchema, Json(root));
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("")]
    public void An_unknown_type_fails_the_any_schema(string name)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        root["type"] = name;

        AssertInvalid(AnySchema, Json(root));
    }

    [Theory]
    [InlineData("S3", "s3")]
    [InlineData("BigQuery", "bigquery")]
    [InlineData("Synapse", "synapse")]
    [InlineData("Starburst", "trino")]
    public void An_alias_of_a_type_satisfies_the_schemas(string alias, string slug)
    {
        OrderedDictionary root = Examples.Root(Examples.Type(slug));
        root["type"] = alias;

        AssertValid(SchemaOf(Examples.Type(slug)), Json(root));
        AssertValid(AnySchema, Json(root));
    }

    [Fact]
    public void Redshift_needs_its_initial_database_only_with_autoBootstrap_true()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Redshift);
        Plain.Remove(root, "config.initialDatabase");
        AssertInvalid(SchemaOf(IntegrationTypes.Redshift), Json(root));

        root["autoBootstrap"] = false;
        AssertValid(SchemaOf(IntegrationTypes.Redshift), Json(root));
    }

    [Fact]
    public void The_fields_of_another_authentication_type_are_not_required()
    {
        // Snowflake with a key pair: no password, and the key as a key-file object.
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        OrderedDictionary config = Examples.Config(root);
        config["authenticationType"] = "keyPair";
        config.Remove("password");
        AssertInvalid(SchemaOf(IntegrationTypes.Snowflake), Json(root));

        config["privateKey"] = Plain.Map(("keyName", "PRIV_KEY_FILE"), ("userFilename", "rsa_key.p8"), ("content", "-----BEGIN PRIVATE KEY-----"));
        AssertValid(SchemaOf(IntegrationTypes.Snowflake), Json(root));
    }

    [Fact]
    public void Every_secret_field_and_only_those_is_write_only()
    {
        foreach (IntegrationType type in IntegrationTypes.All)
        {
            JObject schema = PayloadSchemas.ForType(type);
            foreach (PayloadField field in type.Fields)
            {
                JObject property = FieldSchema(schema, field.Path);
                Assert.True(field.Secret == (property["writeOnly"]?.Value<bool>() == true), $"{type.Name} config.{field.Path}: writeOnly is {property["writeOnly"]}");
            }
            JObject any = (JObject)PayloadSchemas.ForAny()["definitions"]![type.Slug]!;
            Assert.All(type.Secrets, secret => Assert.True(FieldSchema(any, secret.Path)["writeOnly"]?.Value<bool>(), $"{type.Name} config.{secret.Path} in the any schema"));
        }
    }

    private static JObject FieldSchema(JObject schema, string path)
    {
        JObject current = (JObject)schema["properties"]!["config"]!;
        foreach (string part in path.Split('.')) current = (JObject)current["properties"]![part]!;
        return current;
    }

    [Fact]
    public void The_schemas_describe_defaults_ranges_and_immutable_fields()
    {
        JObject port = FieldSchema(PayloadSchemas.ForType(IntegrationTypes.Redshift), "port");
        JObject host = FieldSchema(PayloadSchemas.ForType(IntegrationTypes.Redshift), "host");

        Assert.Equal(5439, port["default"]!.Value<long>());
        Assert.Equal(1, port["minimum"]!.Value<long>());
        Assert.Equal(65535, port["maximum"]!.Value<long>());
        Assert.Contains("Cannot change once the integration is configured.", host["description"]!.Value<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAll_writes_one_schema_per_type_and_one_for_any_payload()
    {
        string folder = Path.Combine(_folder.Path, "schemas", "nested");

        IReadOnlyList<string> written = PayloadSchemas.WriteAll(folder);

        Assert.Equal(8, written.Count);
        Assert.Equal(
            IntegrationTypes.All.Select(t => t.Slug + ".schema.json").Append(PayloadSchemas.AnyFileName).Order(StringComparer.Ordinal),
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(written, file =>
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain("\r\n", text, StringComparison.Ordinal);
            Assert.Equal(PayloadSchemas.Draft, (string?)JObject.Parse(text)["$schema"]);
            Assert.Equal(Path.GetFileName(file), (string?)JObject.Parse(text)["$id"]);
            JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        });
        AssertValid(JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, "snowflake.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }),
            File.ReadAllText(Examples.PathOf(IntegrationTypes.Snowflake)));
    }

    [Fact]
    public void A_YAML_file_written_with_a_schema_names_it_for_editors()
    {
        string yaml = PayloadWriter.ToYaml(Examples.Root(IntegrationTypes.Trino), "./trino.schema.json");

        Assert.StartsWith("# yaml-language-server: $schema=./trino.schema.json\n", yaml, StringComparison.Ordinal);
        Assert.Equal("Trino", Plain.Parse(yaml, "trino.yaml").Single().Map!["type"]);
    }
}
