using System.Net;
using System.Text;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The bad-answer corpus: every call of the API client against answers a server (or something in front of it)
/// should never give — wrong JSON types, truncated JSON, a proxy's HTML page, an empty body, a 200 with garbage.
/// Each must end in an <see cref="ImmutaApiException"/> with a specific error id and a readable message; no raw
/// .NET exception (JsonReader, InvalidCast, NullReference, Format, …) may escape.
/// </summary>
public sealed class ResponseCorpusTests
{
    private const string ProxyPage = "<!DOCTYPE html><html><head><title>Corporate Proxy: Sign in</title></head><body><form>…</form></body></html>";

    /// <summary>The answers, by name: status, media type, body.</summary>
    private static readonly Dictionary<string, (HttpStatusCode Status, string MediaType, string Body)> Answers = new()
    {
        ["html page, 200"] = (HttpStatusCode.OK, "text/html", ProxyPage),
        ["html page labelled JSON, 200"] = (HttpStatusCode.OK, "application/json", ProxyPage),
        ["html page, 502"] = (HttpStatusCode.BadGateway, "text/html", ProxyPage),
        ["html page, 403"] = (HttpStatusCode.Forbidden, "text/html", ProxyPage),
        ["html page, 407"] = (HttpStatusCode.ProxyAuthenticationRequired, "text/html", ProxyPage),
        ["empty body, 200"] = (HttpStatusCode.OK, "application/json", ""),
        ["whitespace body, 200"] = (HttpStatusCode.OK, "application/json", " \r\n "),
        ["truncated JSON, 200"] = (HttpStatusCode.OK, "application/json", "{\"id\": \"1\", \"status\": \"crea"),
        ["binary garbage, 200"] = (HttpStatusCode.OK, "application/json", "\u0000\u0001\u0002\u00ff\ufffd garbage"),
        ["JSON null, 200"] = (HttpStatusCode.OK, "application/json", "null"),
        ["JSON string, 200"] = (HttpStatusCode.OK, "application/json", "\"ok\""),
        ["JSON number, 200"] = (HttpStatusCode.OK, "application/json", "42"),
        ["id is an object, 200"] = (HttpStatusCode.OK, "application/json", "{\"id\": {\"value\": 1}, \"status\": \"enabled\", \"newKey\": {\"k\": 1}}"),
        ["status is a number, 200"] = (HttpStatusCode.OK, "application/json", "{\"id\": \"1\", \"status\": 5, \"newKey\": 5}"),
        ["config is a string, 200"] = (HttpStatusCode.OK, "application/json", "{\"id\": \"1\", \"status\": \"enabled\", \"type\": \"Snowflake\", \"config\": \"x\", \"newKey\": [\"k\"]}"),
        ["validation tests not a list, 200"] = (HttpStatusCode.OK, "application/json", "{\"id\": \"1\", \"status\": \"enabled\", \"validationResults\": {\"status\": \"passed\", \"validationTests\": \"all\"}, \"newKey\": true}"),
        ["array of numbers, 200"] = (HttpStatusCode.OK, "application/json", "[1, 2, 3]"),
        ["number beyond range, 200"] = (HttpStatusCode.OK, "application/json", "{\"id\": 1e400, \"status\": \"enabled\"}"),
        ["nesting too deep, 200"] = (HttpStatusCode.OK, "application/json", new string('[', 5000) + new string(']', 5000)),
        ["error body with wrong types, 400"] = (HttpStatusCode.BadRequest, "application/json", "{\"statusCode\": \"x\", \"error\": 7, \"message\": {\"a\": 1}}"),
        ["truncated error body, 409"] = (HttpStatusCode.Conflict, "application/json", "{\"statusCode\": 409, \"message\": \"already ex"),
        ["empty error body, 500"] = (HttpStatusCode.InternalServerError, "application/json", ""),
    };

    /// <summary>The calls, by name.</summary>
    private static readonly Dictionary<string, Func<IntegrationsApi, Task>> Calls = new()
    {
        ["list"] = api => api.GetIntegrationsAsync(_ => { }, CancellationToken.None),
        ["get"] = api => api.GetIntegrationAsync("1", CancellationToken.None),
        ["status"] = api => api.GetStatusAsync("1", CancellationToken.None),
        ["create"] = api => api.CreateAsync(Payload(), dryRun: false, CancellationToken.None),
        ["create dry run"] = api => api.CreateAsync(Payload(), dryRun: true, CancellationToken.None),
        ["update"] = api => api.UpdateAsync("1", Payload(), dryRun: false, CancellationToken.None),
        ["delete"] = api => api.DeleteAsync("1", null, dryRun: false, forceDisable: false, CancellationToken.None),
        ["regenerate"] = api => api.RegenerateApiKeyAsync("1", CancellationToken.None),
        ["script"] = api => api.GetScriptAsync(IntegrationScriptKind.Create, null, Payload(), CancellationToken.None),
        ["raw call"] = api => api.InvokeAsync(HttpMethod.Get, "integrations", null, null, CancellationToken.None),
    };

    /// <summary>
    /// What each answer must give a call: the error id, or null where the answer is a fair one for that call
    /// (a raw call returns whatever JSON it got; a JSON string is a script; a call that does not read a part
    /// of the answer does not mind its type).
    /// </summary>
    private static string? Expected(string answer, string call)
    {
        switch (answer)
        {
            case "html page, 502": return ImmutaErrorId.ServerError;
            case "html page, 403": return ImmutaErrorId.Forbidden;
            case "html page, 407": return ImmutaErrorId.ProxyAuthenticationRequired;
            case "error body with wrong types, 400": return call is "create" or "create dry run" or "update" ? ImmutaErrorId.PayloadRejected : ImmutaErrorId.InvalidRequest;
            case "truncated error body, 409": return call is "create" or "create dry run" ? ImmutaErrorId.IntegrationExists : call is "update" or "delete" ? ImmutaErrorId.IntegrationBusy : ImmutaErrorId.Conflict;
            case "empty error body, 500": return ImmutaErrorId.ServerError;
        }
        bool fair = call switch
        {
            "raw call" => RawValues.Contains(answer),
            "script" => answer == "JSON string, 200",
            "status" => answer is "config is a string, 200" or "validation tests not a list, 200",
            "create" or "create dry run" or "update" or "delete" => answer == "config is a string, 200",
            _ => false,
        };
        return fair ? null : ImmutaErrorId.InvalidResponse;
    }

    private static readonly string[] RawValues =
    [
        "empty body, 200", "whitespace body, 200", "JSON null, 200", "JSON string, 200", "JSON number, 200", "id is an object, 200",
        "status is a number, 200", "config is a string, 200", "validation tests not a list, 200", "array of numbers, 200", "number beyond range, 200",
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string answer in Answers.Keys)
        {
            foreach (string call in Calls.Keys) data.Add(answer, call);
        }
        return data;
    }

    [Fact]
    public void The_corpus_has_well_over_sixty_cases() => Assert.True(Cases().Count() >= 200, $"{Cases().Count()} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_bad_answer_gives_a_specific_error_and_no_raw_exception(string answer, string call)
    {
        var (status, mediaType, body) = Answers[answer];
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
        using ImmutaClient client = Clients.Create(handler, maxRetries: 1);
        string? expected = Expected(answer, call);

        Exception? thrown = await Record.ExceptionAsync(() => Calls[call](new IntegrationsApi(client)));

        if (expected is null)
        {
            Assert.Null(thrown);
            return;
        }
        ImmutaApiException error = Assert.IsType<ImmutaApiException>(thrown);
        Assert.Equal(expected, error.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        // A proxy's page is described, never pasted; binary garbage never reaches a message.
        Assert.DoesNotContain("<form>", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0000", error.Message, StringComparison.Ordinal);
        if (answer.StartsWith("html page", StringComparison.Ordinal)) Assert.Contains(status == HttpStatusCode.ProxyAuthenticationRequired ? "-ProxyCredential" : "Corporate Proxy: Sign in", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> AuthenticationAnswers() => new()
    {
        { "{\"token\": {\"value\": \"t\"}}", "an object" },
        { "{\"token\": \"t\", \"authenticated\": \"maybe\"}", "maybe" },
        { "{\"token\": 5}", "5" },
        { "[\"token\"]", "list" },
        { "", "empty" },
        { "{\"tok", "truncated" },
        { ProxyPage, "html" },
    };

    [Theory]
    [MemberData(nameof(AuthenticationAnswers))]
    public async Task A_bad_answer_to_the_key_exchange_is_InvalidResponse_or_AuthenticationFailed(string body, string label)
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        using ImmutaClient client = Clients.Create(handler, mode: ImmutaAuthMode.Bearer, maxRetries: 0);

        Exception? thrown = await Record.ExceptionAsync(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        ImmutaApiException error = Assert.IsType<ImmutaApiException>(thrown);
        Assert.True(error.ErrorId is ImmutaErrorId.InvalidResponse or ImmutaErrorId.AuthenticationFailed, $"{label}: {error.ErrorId}");
        Assert.Single(handler.Requests);
    }

    private static PreparedPayload Payload()
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(AppContext.BaseDirectory, "examples", "create-redshift.json"))[0];
        ((System.Collections.Specialized.OrderedDictionary)document.Root!)["autoBootstrap"] = false;
        return PreparedPayload.From(document);
    }
}
