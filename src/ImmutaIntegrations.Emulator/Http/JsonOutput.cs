using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Http;

/// <summary>How the emulator writes JSON: readable text (<c>&lt;REDACTED&gt;</c> is not escaped), as Immuta's API does.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(JsonNode node) => node.ToJsonString(Options);

    public static IResult Result(JsonNode node, int status = StatusCodes.Status200OK) =>
        Results.Content(Text(node), "application/json; charset=utf-8", statusCode: status);
}
