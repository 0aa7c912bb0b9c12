using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>Requests and payloads shared by the tests of faults, admin routes, the state file and concurrency.</summary>
internal static class EmulatorCalls
{
    /// <summary>A manually set up Snowflake integration: no privileged credentials, so DELETE takes no body.</summary>
    public static string Snowflake(string host, string warehouse = "WH", string password = "snowflake-secret") => new JsonObject
    {
        ["type"] = "Snowflake",
        ["autoBootstrap"] = false,
        ["config"] = new JsonObject
        {
            ["host"] = host,
            ["warehouse"] = warehouse,
            ["database"] = "IMMUTA",
            ["authenticationType"] = "userPassword",
            ["username"] = "immuta_system",
            ["password"] = password,
        },
    }.ToJsonString();

    public const string Trino = """{"type":"Trino"}""";

    public static HttpClient Authorized(TestEmulator emulator) => emulator.CreateAuthorizedClient();

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, string json)
    {
        using StringContent content = Json(json);
        return await http.PostAsync(path, content);
    }

    public static async Task<HttpResponseMessage> PutJsonAsync(this HttpClient http, string path, string json)
    {
        using StringContent content = Json(json);
        return await http.PutAsync(path, content);
    }

    /// <summary>Creates an integration and returns its id, failing the test unless the emulator accepted it.</summary>
    public static async Task<string> CreateAsync(this HttpClient http, string payload)
    {
        using HttpResponseMessage response = await http.PostJsonAsync("integrations", payload);
        JsonObject body = await ObjectAsync(response, HttpStatusCode.OK);
        return (string)body["id"]!;
    }

    public static async Task<JsonObject> SetFaultsAsync(this HttpClient http, string settings)
    {
        using HttpResponseMessage response = await http.PostJsonAsync("_emulator/faults", settings);
        return await ObjectAsync(response, HttpStatusCode.OK);
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static async Task<string> StatusOfAsync(this HttpClient http, string id) =>
        (string)(await http.GetJsonAsync($"integrations/{id}/status"))["status"]!;

    public static async Task<JsonObject> ObjectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return Assert.IsType<JsonObject>(JsonNode.Parse(text));
    }

    /// <summary>Checks Immuta's error shape, <c>{statusCode, error, message}</c>, and returns the message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        JsonObject body = await ObjectAsync(response, expected);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, (int)body["statusCode"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]));
        string message = (string)body["message"]!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }
}
