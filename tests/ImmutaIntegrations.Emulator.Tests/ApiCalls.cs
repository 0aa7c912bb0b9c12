using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>An answer from the emulator: status, content type, and the body as JSON (or text).</summary>
internal sealed record Answer(HttpStatusCode Status, string? MediaType, string Text)
{
    public JsonNode? Json => Text.Length == 0 ? null : JsonNode.Parse(Text);

    public JsonObject Object => (JsonObject)Json!;

    /// <summary>Immuta's error message, after checking the body has the documented error shape.</summary>
    public string ErrorMessage
    {
        get
        {
            JsonObject body = Object;
            Assert.Equal((int)Status, (int)body["statusCode"]!);
            Assert.False(string.IsNullOrEmpty((string?)body["error"]));
            return (string)body["message"]!;
        }
    }

    public string StatusOf => (string)Object["status"]!;
}

/// <summary>Calls the emulator with the test key; the payload helpers read the contract's sample payloads.</summary>
internal sealed class ApiCalls(HttpClient http)
{
    public static JsonObject Example(string name) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", $"create-{name}.json")))!;

    public static readonly string[] ExampleNames = ["snowflake", "databricks", "redshift", "synapse", "bigquery", "s3", "trino"];

    public async Task<Answer> SendAsync(HttpMethod method, string path, object? body = null, string mediaType = "application/json", string? key = TestEmulator.ApiKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.TryAddWithoutValidation("Authorization", key);
        if (body is not null)
        {
            string text = body is string s ? s : ((JsonNode)body).ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8, mediaType);
        }
        using HttpResponseMessage response = await http.SendAsync(request);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public Task<Answer> Get(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Answer> Post(string path, object? body = null, string mediaType = "application/json") => SendAsync(HttpMethod.Post, path, body, mediaType);

    public Task<Answer> Put(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public Task<Answer> Delete(string path, object? body = null) => SendAsync(HttpMethod.Delete, path, body);

    /// <summary>Creates an integration and returns its id, asserting the documented answer.</summary>
    public async Task<string> CreateAsync(JsonObject payload)
    {
        Answer answer = await Post("integrations", payload);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("creating", answer.StatusOf);
        return (string)answer.Object["id"]!;
    }

    public async Task<string> StatusAsync(string id) => (await Get($"integrations/{id}/status")).StatusOf;

    /// <summary>
    /// Polls until the integration leaves its transitional state: at once with no transition delay; otherwise once
    /// the test has moved the emulator's clock past it. The deadline only keeps a broken emulator from hanging the
    /// test; it is no bound on how soon the state comes.
    /// </summary>
    public async Task<string> SettledStatusAsync(string id, int timeoutMs = 60_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            string status = await StatusAsync(id);
            if (status is not ("creating" or "editing" or "deleting") || DateTime.UtcNow > deadline) return status;
            await Task.Delay(20);
        }
    }
}

/// <summary>Builds payload variations from the samples.</summary>
internal static class Payloads
{
    public static JsonObject With(this JsonObject payload, string path, JsonNode? value)
    {
        var copy = (JsonObject)payload.DeepClone();
        string[] parts = path.Split('.');
        JsonObject parent = copy;
        foreach (string part in parts[..^1]) parent = (JsonObject)(parent[part] ??= new JsonObject());
        parent[parts[^1]] = value;
        return copy;
    }

    public static JsonObject Without(this JsonObject payload, string path)
    {
        var copy = (JsonObject)payload.DeepClone();
        string[] parts = path.Split('.');
        JsonObject parent = copy;
        foreach (string part in parts[..^1]) parent = (JsonObject)parent[part]!;
        parent.Remove(parts[^1]);
        return copy;
    }

    /// <summary>The sample payload as a manual setup.</summary>
    public static JsonObject Manual(string name) => ApiCalls.Example(name).With("autoBootstrap", false);
}
