using System.Collections.Specialized;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Payloads.Writing;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Tests;

public sealed class SecretTextTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("with\0nul\0inside")]
    [InlineData("")]
    [InlineData("ünïcødé 🔑")]
    public void A_secret_comes_back_whole(string text)
    {
        Assert.Equal(text, SecretText.Reveal(SecretText.Protect(text)));
    }

    [Theory]
    [InlineData("type: Trino\nconfig:\n")]
    [InlineData("type: Trino\nconfig: {}\n")]
    public void A_Trino_payload_with_an_empty_config_is_valid_and_sends_just_its_type(string yaml)
    {
        PayloadDocument document = PayloadFiles.Parse(System.Text.Encoding.UTF8.GetBytes(yaml), "trino.yaml")[0];

        PreparedPayload prepared = PreparedPayload.From(document);

        Assert.Equal("{\"type\":\"Trino\"}", prepared.ToRequestJson());
    }

    [Fact]
    public void A_Trino_payload_with_settings_in_its_config_is_refused()
    {
        PayloadDocument document = PayloadFiles.Parse(System.Text.Encoding.UTF8.GetBytes("type: Trino\nconfig:\n  host: h\n"), "trino.yaml")[0];

        PayloadProblem problem = Assert.Single(PayloadValidator.Validate(document).Errors);

        Assert.Equal("config", problem.Path);
    }

    [Theory]
    [InlineData("bigquery")]
    [InlineData("google bigquery")]
    [InlineData("s3")]
    [InlineData("Starburst")]
    public void The_schema_takes_the_names_the_module_takes(string name)
    {
        var schema = PayloadSchemas.ForAny();
        var names = schema["definitions"]!["payload"]!["properties"]!["type"]!["enum"]!.Select(t => (string)t!).ToArray();

        Assert.Contains(name, names);
        Assert.NotNull(IntegrationTypes.Resolve(name));
    }
}
