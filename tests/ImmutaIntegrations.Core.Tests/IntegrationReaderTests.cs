using System.Collections.Specialized;
using ImmutaIntegrations.Core.Json;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Tests;

public sealed class IntegrationReaderTests
{
    [Theory]
    [InlineData("\"123456789\"")]
    [InlineData("123456789")]
    public void Ids_may_be_strings_or_numbers(string id)
    {
        Integration integration = IntegrationReader.ReadIntegration(new StringReader($"{{\"id\": {id}, \"type\": \"Trino\", \"status\": \"enabled\"}}"));

        Assert.Equal("123456789", integration.Id);
    }

    [Fact]
    public void Values_keep_their_JSON_types_and_dates_stay_text()
    {
        const string json = """
            { "id": "1", "type": "Snowflake", "status": "enabled", "autoBootstrap": "true",
              "config": { "port": 443, "ratio": 0.5, "created": "2024-01-02T03:04:05Z", "tags": ["a", 1, null],
                          "audit": { "Enabled": true } } }
            """;

        Integration integration = IntegrationReader.ReadIntegration(new StringReader(json));

        Assert.True(integration.AutoBootstrap);
        Assert.Equal(443L, integration.Config["port"]);
        Assert.Equal(0.5, integration.Config["ratio"]);
        Assert.Equal("2024-01-02T03:04:05Z", integration.Config["created"]);
        Assert.Equal(new object?[] { "a", 1L, null }, (object?[])integration.Config["tags"]!);
        Assert.Equal(true, ((OrderedDictionary)integration.Config["audit"]!)["enabled"]);
    }

    [Fact]
    public void Missing_parts_are_empty_rather_than_errors()
    {
        Integration integration = IntegrationReader.ReadIntegration(new StringReader("{\"id\": 5}"));

        Assert.Equal("5", integration.Id);
        Assert.Equal(string.Empty, integration.Type);
        Assert.Null(integration.AutoBootstrap);
        Assert.Empty(integration.Config);
        Assert.Null(integration.ValidationResults);
    }

    [Fact]
    public void A_test_result_that_is_not_a_list_is_wrapped_in_one()
    {
        const string json = """
            { "id": "1", "validationResults": { "status": "failed", "validationTests": [
                { "name": "Basic Connection Test", "status": "failed", "message": "boom", "result": { "code": 7 } },
                { "name": "Other", "status": "passed" } ] } }
            """;

        ValidationResults results = IntegrationReader.ReadIntegration(new StringReader(json)).ValidationResults!;

        Assert.Equal("boom", results.ValidationTests[0].Message);
        Assert.IsType<OrderedDictionary>(Assert.Single(results.ValidationTests[0].Result));
        Assert.Empty(results.ValidationTests[1].Result);
        Assert.Null(results.ValidationTests[1].Message);
        Assert.Equal("1/2 failed", results.Summary);
    }

    [Fact]
    public void A_raw_answer_shows_integrations_as_Get_does_without_their_secrets()
    {
        const string answer = """
            {"items": [
              {"id": 1, "type": "Trino", "config": {"apiKey": "trino-key-0123456789", "configurationSnippet": "immuta.apikey=trino-key-0123456789"}},
              {"id": 2, "type": "Snowflake", "config": {"host": "h", "password": "snowflake-password"}}
            ], "newKey": "kept-as-asked"}
            """;
        using var reader = JsonValues.CreateReader(new StringReader(answer));
        JsonValues.ReadSkippingComments(reader);

        var shown = (OrderedDictionary)ShownSecrets.HideIntegrationSecrets(JsonValues.ReadValue(reader))!;

        string text = Newtonsoft.Json.JsonConvert.SerializeObject(shown);
        Assert.DoesNotContain("trino-key-0123456789", text, StringComparison.Ordinal);
        Assert.DoesNotContain("snowflake-password", text, StringComparison.Ordinal);
        Assert.Contains("immuta.apikey=<REDACTED>", text, StringComparison.Ordinal);
        // A raw regenerate's key is kept for the caller, but protected: it shows nowhere as text.
        Assert.DoesNotContain("kept-as-asked", text, StringComparison.Ordinal);
        Assert.Equal("kept-as-asked", SecretText.Reveal(Assert.IsType<System.Security.SecureString>(shown["newKey"])));
    }
}
