using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(SampleData.Seed);
        _http = _emulator.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task No_authorization_header_is_401_with_Immutas_error_shape()
    {
        using HttpResponseMessage response = await _http.GetAsync("integrations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonObject body = await Body(response);
        Assert.Equal(401, (int)body["statusCode"]!);
        Assert.Equal("Unauthorized", (string?)body["error"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["message"]));
    }

    [Fact]
    public async Task A_wrong_raw_key_is_401_and_the_right_one_is_200()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("integrations", "not-the-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get("integrations", TestEmulator.ApiKey)).StatusCode);
    }

    [Fact]
    public async Task The_key_exchanged_in_the_header_gives_a_token_that_works_as_bearer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "bim/apikey/authenticate");
        request.Headers.TryAddWithoutValidation("Authorization", TestEmulator.ApiKey);
        using HttpResponseMessage response = await _http.SendAsync(request);

        JsonObject body = await Body(response);
        Assert.True((bool)body["authenticated"]!);
        string token = (string)body["token"]!;
        Assert.NotEqual(TestEmulator.ApiKey, token);
        Assert.Equal(HttpStatusCode.OK, (await Get("integrations", "Bearer " + token)).StatusCode);
    }

    [Fact]
    public async Task The_key_in_an_apikey_body_is_accepted_too()
    {
        string token = await Authenticate(TestEmulator.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await Get("integrations/1", "Bearer " + token)).StatusCode);
    }

    [Fact]
    public async Task Authenticating_with_a_wrong_key_is_401()
    {
        using var content = new StringContent("{\"apikey\":\"wrong\"}", Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PostAsync("bim/apikey/authenticate", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (int)(await Body(response))["statusCode"]!);
    }

    [Fact]
    public async Task Unknown_and_expired_tokens_are_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("integrations", "Bearer 0123456789abcdef")).StatusCode);

        string token = await Authenticate(TestEmulator.ApiKey);
        _emulator.Clock.Advance(_emulator.Options.TokenLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("integrations", "Bearer " + token)).StatusCode);
    }

    [Fact]
    public async Task A_key_without_APPLICATION_ADMIN_authenticates_but_gets_403_from_the_integrations_API()
    {
        string token = await Authenticate(TestEmulator.NonAdminKey);

        using HttpResponseMessage raw = await Get("integrations", TestEmulator.NonAdminKey);
        using HttpResponseMessage bearer = await Get("integrations/1/status", "Bearer " + token);

        Assert.Equal(HttpStatusCode.Forbidden, raw.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bearer.StatusCode);
        Assert.Contains("APPLICATION_ADMIN", (string?)(await Body(raw))["message"]);
    }

    private async Task<string> Authenticate(string key)
    {
        using var content = new StringContent(new JsonObject { ["apikey"] = key }.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PostAsync("bim/apikey/authenticate", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await Body(response))["token"]!;
    }

    private Task<HttpResponseMessage> Get(string path, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return _http.SendAsync(request);
    }

    private static async Task<JsonObject> Body(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
