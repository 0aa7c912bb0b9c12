using System.Net;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>Starburst (Trino): the API key GET shows, and regenerating it.</summary>
public sealed class TrinoTests : EmulatorTest
{
    [Fact]
    public async Task GET_shows_the_key_and_the_cluster_snippet_that_uses_it()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("trino"));

        var config = (await Api.Get($"integrations/{id}")).Object["config"]!;

        string key = (string)config["apiKey"]!;
        string snippet = (string)config["configurationSnippet"]!;
        Assert.Contains("access-control.name=immuta", snippet);
        Assert.Contains($"immuta.apikey={key}", snippet);
        Assert.Contains("immuta.base-url=http://localhost", snippet);
    }

    [Fact]
    public async Task Regenerate_returns_a_new_key_and_the_old_one_is_no_longer_shown()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("trino"));
        string old = (string)(await Api.Get($"integrations/{id}")).Object["config"]!["apiKey"]!;

        Answer answer = await Api.Post($"integrations/{id}/regenerate");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(["newKey"], answer.Object.Select(p => p.Key));
        string fresh = (string)answer.Object["newKey"]!;
        Assert.NotEqual(old, fresh);
        string shown = (await Api.Get($"integrations/{id}")).Text;
        Assert.Contains(fresh, shown);
        Assert.DoesNotContain(old, shown);
    }

    [Fact]
    public async Task Regenerate_on_another_type_is_a_400_and_on_an_unknown_id_a_404()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("s3"));

        Answer other = await Api.Post($"integrations/{id}/regenerate");
        Answer unknown = await Api.Post("integrations/77/regenerate");

        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.Equal($"Only Starburst (Trino) integrations have an API key to regenerate; integration {id} is Native S3.", other.ErrorMessage);
        Assert.Equal("No Integration found with ID 77.", unknown.ErrorMessage);
    }
}
