using System.Collections.Specialized;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Secrets;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Tests;

public sealed class PayloadValidatorTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Examples.Folder, "*.json").OrderBy(f => f, StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_contract_example_validates_unchanged(string file)
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(Examples.Folder, file)).Single();

        PayloadValidationResult result = PayloadValidator.Validate(document, Plain.NoEnvironment);

        Assert.Empty(result.Errors);
        // The only thing to say about them: their secrets are written in plain text.
        Assert.All(result.Warnings, w => Assert.Contains("plain text", w.Message, StringComparison.Ordinal));
        Assert.Equal(((JObject)JToken.Parse(File.ReadAllText(Path.Combine(Examples.Folder, file))))["type"]!.ToString(), result.Type);
    }

    [Fact]
    public void Every_type_has_a_contract_example()
    {
        Assert.All(IntegrationTypes.All, type => Assert.True(File.Exists(Examples.PathOf(type)), $"no example for {type.Name}"));
    }

    /// <summary>
    /// Every field the descriptions mark required (for the example's authentication type, and the ones
    /// required with autoBootstrap true when the example sets it), and the payload's own three fields.
    /// </summary>
    public static TheoryData<string, string> RequiredFields()
    {
        var data = new TheoryData<string, string>();
        foreach (IntegrationType type in IntegrationTypes.All)
        {
            OrderedDictionary root = Examples.Root(type);
            data.Add(type.Slug, "type");
            if (!type.HasConfig) continue;
            data.Add(type.Slug, "autoBootstrap");
            data.Add(type.Slug, "config");
            OrderedDictionary config = Examples.Config(root);
            string? authentication = Examples.Authentication(root);
            foreach (PayloadField field in type.Fields)
            {
                bool required = field.Required || (field.RequiredWhenAutomatic && Examples.AutoBootstrap(root));
                if (!required || !field.AppliesTo(authentication)) continue;
                // A field inside a block is required only when its block is there.
                if (field.Parent != null && !PlainValues.Has(config, field.Parent)) continue;
                data.Add(type.Slug, "config." + field.Path);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Removing_a_required_field_gives_exactly_that_error(string slug, string path)
    {
        OrderedDictionary root = Examples.Root(Examples.Type(slug));
        Plain.Remove(root, path);

        PayloadValidationResult result = Plain.Validate(root);

        PayloadProblem error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal("nothing", error.Found);
        Assert.Contains("required", error.Expected, StringComparison.Ordinal);
        Assert.Equal($"{path}: expected {error.Expected}, found nothing.", error.Message);
    }

    [Fact]
    public void The_required_fields_cover_every_type_with_a_config()
    {
        var slugs = RequiredFields().Select(row => (string)row[0]).Distinct().ToArray();

        Assert.Equal(IntegrationTypes.All.Select(t => t.Slug), slugs);
        Assert.Contains(RequiredFields(), row => (string)row[1] == "config.initialDatabase");
    }

    [Theory]
    [InlineData("snowflake", "config.port", "\"443\"", "'443' (a string)")]
    [InlineData("snowflake", "config.host", "42", "42 (a number)")]
    [InlineData("snowflake", "autoBootstrap", "\"yes\"", "'yes' (a string)")]
    [InlineData("snowflake", "autoBootstrap", "1", "1 (a number)")]
    [InlineData("databricks", "config.port", "443.0", "443 (a number)")]
    [InlineData("databricks", "config.workspaceUrl", "[\"a\"]", "a list")]
    [InlineData("redshift", "config.username", "{\"name\": \"taylor\"}", "a mapping")]
    [InlineData("synapse", "config.metadataDelimiters", "\"|\"", "'|' (a string)")]
    [InlineData("synapse", "config.metadataDelimiters.hashDelimiter", "true", "true")]
    [InlineData("s3", "config.awsAccountId", "123456789", "123456789 (a number)")]
    [InlineData("bigquery", "config", "\"role: immuta\"", "'role: immuta' (a string)")]
    [InlineData("trino", "type", "7", "7 (a number)")]
    public void A_value_of_the_wrong_kind_gives_one_error_at_its_path(string slug, string path, string json, string found)
    {
        OrderedDictionary root = Examples.Root(Examples.Type(slug));
        PlainValues.Set(root, path, Plain.Json(json));

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal(path, error.Path);
        Assert.Equal(found, error.Found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_type_is_named_with_the_types_there_are(string type)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        root["type"] = type;

        PayloadValidationResult result = Plain.Validate(root);

        PayloadProblem error = Assert.Single(result.Problems);
        Assert.Equal("type", error.Path);
        Assert.Equal(PayloadProblemSeverity.Error, error.Severity);
        Assert.Equal("one of " + IntegrationTypes.NameList, error.Expected);
        Assert.Equal(type, result.Type);
    }

    [Theory]
    [InlineData("Oracle", null)]
    [InlineData("Snowflake Cloud", null)]
    [InlineData("Snowflke", "Snowflake")]
    public void A_type_the_module_does_not_know_is_valid_with_a_warning_that_it_cannot_be_checked(string type, string? nearest)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        root["type"] = type;
        ((OrderedDictionary)root["config"]!)["anything"] = "goes";

        PayloadValidationResult result = Plain.Validate(root);

        Assert.True(result.IsValid);
        PayloadProblem warning = Assert.Single(result.Problems);
        Assert.Equal(("type", PayloadProblemSeverity.Warning), (warning.Path, warning.Severity));
        Assert.Contains("cannot be checked here and is sent as it is", warning.Message);
        if (nearest is null) Assert.DoesNotContain("did you mean", warning.Message);
        else Assert.Contains($"did you mean {nearest}?", warning.Message);
    }

    [Fact]
    public void A_payload_of_a_type_the_module_does_not_know_is_prepared_as_plain_data_its_secrets_known_by_name()
    {
        OrderedDictionary root = Plain.Map(("type", "Hypothetical Platform"), ("autoBootstrap", false),
            ("config", Plain.Map(("host", "h.example.com"), ("password", "pw-secret"), ("region", "eu"))));

        PreparedPayload payload = PreparedPayload.From(new PayloadDocument(root, "test"), Plain.NoEnvironment);

        Assert.False(payload.Type.IsKnown);
        Assert.Equal("Hypothetical Platform", payload.Type.Name);
        Assert.Contains("pw-secret", payload.ToRequestJson());
        Assert.DoesNotContain("pw-secret", payload.ToDisplayJson());
        Assert.Contains("\"region\":\"eu\"", payload.ToDisplayJson());
    }

    [Theory]
    [InlineData("snowflake", "kerberos")]
    [InlineData("snowflake", "userpassword")]
    [InlineData("databricks", "userPassword")]
    [InlineData("s3", "token")]
    public void An_unknown_authentication_type_gives_one_error_and_no_noise_about_its_fields(string slug, string authentication)
    {
        IntegrationType type = Examples.Type(slug);
        OrderedDictionary root = Examples.Root(type);
        Examples.Config(root)["authenticationType"] = authentication;

        PayloadValidationResult result = Plain.Validate(root);

        PayloadProblem error = Assert.Single(result.Problems);
        Assert.Equal("config.authenticationType", error.Path);
        Assert.Equal("one of " + string.Join(", ", type.AuthenticationTypes), error.Expected);
        Assert.Equal($"'{authentication}' (a string)", error.Found);
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("bigquery")]
    public void AutoBootstrap_true_is_refused_for_types_that_are_always_set_up_manually(string slug)
    {
        IntegrationType type = Examples.Type(slug);
        OrderedDictionary root = Examples.Root(type);
        root["autoBootstrap"] = true;

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("autoBootstrap", error.Path);
        Assert.Equal("true", error.Found);
        Assert.StartsWith("false", error.Expected, StringComparison.Ordinal);
        Assert.Contains(type.Name, error.Expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secureView")]
    [InlineData("-secureView")]
    [InlineData(" _secureView")]
    public void A_BigQuery_dataset_suffix_must_start_with_an_underscore(string suffix)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.BigQuery);
        Examples.Config(root)["datasetSuffix"] = suffix;

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.datasetSuffix", error.Path);
        Assert.Equal("a string starting with '_'", error.Expected);
    }

    [Fact]
    public void A_reference_to_a_variable_that_is_not_set_is_an_error_naming_it()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["password"] = "${env:IMMUTA_TEST_PASSWORD}";

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.password", error.Path);
        Assert.Equal("a value from ${env:IMMUTA_TEST_PASSWORD}", error.Expected);
        Assert.Equal("the environment variable IMMUTA_TEST_PASSWORD (from ${env:IMMUTA_TEST_PASSWORD}) is not set", error.Found);
        Assert.Equal(ImmutaErrorId.SecretReferenceMissing, error.ErrorId);
    }

    [Fact]
    public void A_reference_to_a_variable_that_is_set_is_valid()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["password"] = "${env:IMMUTA_TEST_PASSWORD}";

        Assert.Empty(Plain.Validate(root, Plain.With(("IMMUTA_TEST_PASSWORD", "abc1234"))).Problems);
    }

    [Fact]
    public void Every_reference_inside_a_value_is_checked()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["password"] = "${env:FIRST}-${env:SECOND}";

        PayloadValidationResult result = Plain.Validate(root, Plain.With(("FIRST", "a")));

        PayloadProblem error = Assert.Single(result.Errors);
        Assert.Contains("SECOND", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void References_are_not_looked_up_when_the_options_say_so()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["password"] = "${env:IMMUTA_TEST_PASSWORD}";

        var options = new PayloadValidationOptions(checkSecretReferences: false, environment: _ => throw new InvalidOperationException("looked up"));

        Assert.Empty(Plain.Validate(root, options).Errors);
    }

    [Theory]
    [InlineData("snowflake", "password")]
    [InlineData("databricks", "token")]
    [InlineData("bigquery", "credential")]
    [InlineData("s3", "awsSecretAccessKey")]
    public void A_secret_given_as_the_redacted_placeholder_is_refused(string slug, string field)
    {
        OrderedDictionary root = Examples.Root(Examples.Type(slug));
        Examples.Config(root)[field] = IntegrationPayload.Redacted;

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config." + field, error.Path);
        Assert.Contains(IntegrationPayload.Redacted, error.Found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("snowflake", "config.host", "acme\0.snowflakecomputing.com", "a NUL character at position 5")]
    [InlineData("databricks", "config.workspaceUrl", "\u001bdbc.cloud.databricks.com", "the control character U+001B at position 1")]
    [InlineData("redshift", "config.username", "taylor\u0007", "the control character U+0007 at position 7")]
    [InlineData("s3", "config.name", "data\u007flake", "the control character U+007F at position 5")]
    [InlineData("synapse", "config.metadataDelimiters.hashDelimiter", "\0", "a NUL character at position 1")]
    [InlineData("snowflake", "config.lineage.unknownSetting", "on\0", "a NUL character at position 3")]
    public void A_control_character_in_any_string_is_an_error_at_its_path(string slug, string path, string value, string found)
    {
        OrderedDictionary root = Examples.Root(Examples.Type(slug));
        PlainValues.Set(root, path, value);

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal(path, error.Path);
        Assert.Equal(found, error.Found);
    }

    [Fact]
    public void A_control_character_in_a_secret_is_reported_without_the_secret()
    {
        OrderedDictionary root = Examples.Root(Examples.Type("snowflake"));
        Examples.Config(root)["password"] = "hunter2-secret\0";

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.password", error.Path);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("a NUL character at position 15 (a secret, not shown)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secure_string_is_checked_too_and_never_shown()
    {
        OrderedDictionary root = Examples.Root(Examples.Type("databricks"));
        Examples.Config(root)["token"] = SecretText.Protect("dapi-secret\u0001");

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.token", error.Path);
        Assert.Equal("the control character U+0001 at position 12 (a secret, not shown)", error.Found);
        Assert.DoesNotContain("dapi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tabs_and_line_breaks_are_text_and_accepted()
    {
        OrderedDictionary root = Examples.Root(Examples.Type("snowflake"));
        Examples.Config(root)["password"] = "line one\r\n\tline two\n";

        Assert.Empty(Plain.Validate(root).Errors);
    }

    [Theory]
    [InlineData(PayloadValidator.MaxStringLength, false)]
    [InlineData(PayloadValidator.MaxStringLength + 1, true)]
    [InlineData(1_000_000, true)]
    public void A_string_beyond_the_limit_is_refused_with_its_length(int length, bool refused)
    {
        OrderedDictionary root = Examples.Root(Examples.Type("databricks"));
        Examples.Config(root)["token"] = new string('x', length);

        PayloadProblem[] errors = Plain.Validate(root).Errors;

        if (!refused)
        {
            Assert.Empty(errors);
            return;
        }
        PayloadProblem error = Assert.Single(errors);
        Assert.Equal("config.token", error.Path);
        Assert.Equal($"{length} characters", error.Found);
        Assert.DoesNotContain("xxxx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unicode_text_is_accepted_as_it_is()
    {
        OrderedDictionary root = Examples.Root(Examples.Type("s3"));
        Examples.Config(root)["name"] = "Données 湖 🚀 \u0085\u2028\u00a0";

        Assert.Empty(Plain.Validate(root).Errors);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-443L)]
    [InlineData(65536L)]
    [InlineData(long.MaxValue)]
    public void A_port_out_of_range_is_refused(long port)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["port"] = port;

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.port", error.Path);
        Assert.Equal("an integer from 1 to 65535", error.Expected);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(65535L)]
    public void The_ends_of_the_port_range_are_accepted(long port)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Redshift);
        Examples.Config(root)["port"] = port;

        Assert.Empty(Plain.Validate(root).Errors);
    }

    [Fact]
    public void A_port_given_as_a_32_bit_integer_is_range_checked_too()
    {
        // PowerShell hashtables hold Int32 numbers: @{ port = 70000 }.
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["port"] = 70000;

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.port", error.Path);
        Assert.Equal("70000 (a number)", error.Found);
    }

    [Theory]
    [InlineData("S3", IntegrationTypes.S3Name)]
    [InlineData("s3", IntegrationTypes.S3Name)]
    [InlineData("amazon s3", IntegrationTypes.S3Name)]
    [InlineData("bigquery", IntegrationTypes.BigQueryName)]
    [InlineData("BigQuery", IntegrationTypes.BigQueryName)]
    [InlineData("GOOGLE BIGQUERY", IntegrationTypes.BigQueryName)]
    [InlineData("Synapse", IntegrationTypes.SynapseName)]
    [InlineData("azure synapse", IntegrationTypes.SynapseName)]
    [InlineData("Starburst", IntegrationTypes.TrinoName)]
    [InlineData("sTaRbUrSt", IntegrationTypes.TrinoName)]
    [InlineData("Unity Catalog", IntegrationTypes.DatabricksName)]
    [InlineData("amazon redshift", IntegrationTypes.RedshiftName)]
    [InlineData(" snowflake ", IntegrationTypes.SnowflakeName)]
    public void A_type_alias_is_accepted_and_sent_as_the_API_name(string alias, string name)
    {
        IntegrationType type = IntegrationTypes.Resolve(name)!;
        OrderedDictionary root = Examples.Root(type);
        root["type"] = alias;
        var document = new PayloadDocument(root, "test");

        PayloadValidationResult result = PayloadValidator.Validate(document, Plain.NoEnvironment);
        string request = PreparedPayload.From(document, Plain.NoEnvironment).ToRequestJson(_ => null);

        Assert.Empty(result.Errors);
        Assert.Equal(name, result.Type);
        Assert.Equal(name, (string?)JObject.Parse(request)["type"]);
    }

    [Fact]
    public void Field_names_in_another_case_are_sent_in_the_APIs_spelling()
    {
        OrderedDictionary original = Examples.Root(IntegrationTypes.Synapse);
        string expected = PreparedPayload.From(new PayloadDocument(original, "original")).ToRequestJson(_ => null);
        // "Host", "MetadataDelimiters.HashDelimiter", "AUTHENTICATIONTYPE", ... as a PowerShell user may type them.
        OrderedDictionary shouted = Plain.Rekey(original,
            key => key == "authenticationType" ? "AUTHENTICATIONTYPE" : char.ToUpperInvariant(key[0]) + key.Substring(1));
        Assert.Contains("AUTHENTICATIONTYPE", ((OrderedDictionary)shouted["Config"]!).Keys.Cast<string>());
        var document = new PayloadDocument(shouted, "typed");

        Assert.Empty(PayloadValidator.Validate(document).Problems);
        string request = PreparedPayload.From(document).ToRequestJson(_ => null);

        Assert.Equal(expected, request);
        Assert.Contains("\"host\":", request, StringComparison.Ordinal);
        Assert.Contains("\"hashDelimiter\":", request, StringComparison.Ordinal);
        Assert.Contains("\"authenticationType\":", request, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_field_names_are_sent_as_typed_with_a_warning()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["wareHouse2"] = "x";

        PayloadValidationResult result = Plain.Validate(root);
        string request = PreparedPayload.From(new PayloadDocument(root, "test"), Plain.NoEnvironment).ToRequestJson(_ => null);

        PayloadProblem warning = Assert.Single(result.Problems);
        Assert.Equal(PayloadProblemSeverity.Warning, warning.Severity);
        Assert.Equal("config.wareHouse2", warning.Path);
        Assert.Contains("did you mean config.warehouse?", warning.Message, StringComparison.Ordinal);
        Assert.Contains("\"wareHouse2\":\"x\"", request, StringComparison.Ordinal);
    }

    [Fact]
    public void Initial_database_is_required_only_with_autoBootstrap_true()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Redshift);
        Plain.Remove(root, "config.initialDatabase");
        root["autoBootstrap"] = false;
        Assert.Empty(Plain.Validate(root).Errors);

        root["autoBootstrap"] = true;
        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.initialDatabase", error.Path);
        Assert.Equal("a string (required when autoBootstrap is true)", error.Expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_field_required_with_autoBootstrap_true_may_not_be_empty_either(string value)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Redshift);
        Examples.Config(root)["initialDatabase"] = value;

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.initialDatabase", error.Path);
        Assert.Equal("an empty string", error.Found);
    }

    [Theory]
    [InlineData("warehouse", "")]
    [InlineData("host", " ")]
    public void A_required_field_may_not_be_empty(string field, string value)
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)[field] = value;

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config." + field, error.Path);
        Assert.Equal("a string that is not empty", error.Expected);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        OrderedDictionary config = Examples.Config(root);
        config.Remove("warehouse");
        config["port"] = "443";
        config["password"] = "${env:IMMUTA_TEST_PASSWORD}";
        config["audit"] = Plain.Map(("enabled", "yes"));

        PayloadValidationResult result = Plain.Validate(root);

        Assert.False(result.IsValid);
        Assert.Equal(
            ["config.port", "config.warehouse", "config.password", "config.audit.enabled"],
            result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void A_field_of_another_authentication_type_is_a_warning()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["privateKey"] = "-----BEGIN PRIVATE KEY-----";

        PayloadProblem warning = Assert.Single(Plain.Validate(root).Problems);

        Assert.Equal(PayloadProblemSeverity.Warning, warning.Severity);
        Assert.Equal("config.privateKey", warning.Path);
        Assert.Contains("userPassword", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_pair_may_be_the_PEM_text_or_a_key_file_object()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        OrderedDictionary config = Examples.Config(root);
        config["authenticationType"] = "keyPair";
        config.Remove("password");
        config["privateKey"] = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
        Assert.Empty(Plain.Validate(root).Problems);

        config["privateKey"] = Plain.Map(("keyName", "PRIV_KEY_FILE"), ("userFilename", "rsa_key.p8"), ("content", "-----BEGIN PRIVATE KEY-----"));
        Assert.Empty(Plain.Validate(root).Problems);

        config["privateKey"] = 42L;
        Assert.Equal("config.privateKey", Assert.Single(Plain.Validate(root).Errors).Path);
    }

    [Fact]
    public void A_Trino_payload_is_just_its_type()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Trino);
        Assert.Empty(Plain.Validate(root).Problems);

        root["autoBootstrap"] = false;
        root["config"] = Plain.Map(("host", "trino.example.com"));

        Assert.Equal(["autoBootstrap", "config"], Plain.Validate(root).Errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("[]", "a list")]
    [InlineData("\"Snowflake\"", "'Snowflake' (a string)")]
    [InlineData("null", "nothing")]
    public void A_payload_that_is_not_a_mapping_is_one_error_about_the_whole(string json, string found)
    {
        PayloadValidationResult result = PayloadValidator.Validate(new PayloadDocument(Plain.Json(json), "test"));

        PayloadProblem error = Assert.Single(result.Problems);
        Assert.Equal(string.Empty, error.Path);
        Assert.Equal(found, error.Found);
        Assert.StartsWith("The payload: expected a mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_beside_the_payloads_three_are_warned_about_but_schema_is_not()
    {
        OrderedDictionary root = Examples.Root(IntegrationTypes.Trino);
        root["$schema"] = "./trino.schema.json";
        root["id"] = "12";

        PayloadProblem warning = Assert.Single(Plain.Validate(root).Problems);

        Assert.Equal(PayloadProblemSeverity.Warning, warning.Severity);
        Assert.Equal("id", warning.Path);
    }

    [Fact]
    public void A_secret_of_the_wrong_kind_is_not_repeated_in_the_problem()
    {
        // password: 918273645 in YAML is a number; the message must not show it.
        OrderedDictionary root = Examples.Root(IntegrationTypes.Snowflake);
        Examples.Config(root)["password"] = 918273645L;

        PayloadProblem error = Assert.Single(Plain.Validate(root).Errors);

        Assert.Equal("config.password", error.Path);
        Assert.DoesNotContain("918273645", error.Found, StringComparison.Ordinal);
        Assert.DoesNotContain("918273645", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_text_secret_in_a_file_is_a_warning_at_its_line()
    {
        PayloadDocument document = Examples.Read(IntegrationTypes.Redshift);

        PayloadProblem warning = Assert.Single(PayloadValidator.Validate(document).Problems);

        Assert.Equal(PayloadProblemSeverity.Warning, warning.Severity);
        Assert.Equal("config.password", warning.Path);
        Assert.Equal(Examples.PathOf(IntegrationTypes.Redshift), warning.File);
        Assert.Equal(10, warning.Line);
        Assert.Equal(5, warning.Column);
    }
}
