using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Documents;
using YamlDotNet.Core;

namespace ImmutaIntegrations.Emulator.Http;

/// <summary>Reads a request body as JSON, or as YAML when the content type says so. A bad body is a 400, never a 500.</summary>
internal static class RequestBody
{
    private static readonly string[] YamlTypes = ["application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml"];

    /// <summary>The body as JSON nodes, or null when there is none.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        string text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (request.HttpContext.Items[typeof(RequestHistory.Entry)] is RequestHistory.Entry entry) entry.Body = text;
        if (string.IsNullOrWhiteSpace(text)) return null;
        string mediaType = request.ContentType?.Split(';')[0].Trim() ?? string.Empty;
        bool yaml = YamlTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
        try
        {
            return DocumentReader.Parse(text, yaml);
        }
        catch (JsonException e)
        {
            throw ApiProblem.BadRequest($"The request body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}");
        }
        catch (YamlException e)
        {
            throw ApiProblem.BadRequest($"The request body is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
        }
    }

    /// <summary>The body as an object; a missing body or another kind of document is a 400.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, string what)
    {
        return await ReadAsync(request) switch
        {
            JsonObject obj => obj,
            null => throw ApiProblem.BadRequest($"The request body must be {what}; it is empty."),
            _ => throw ApiProblem.BadRequest($"The request body must be {what}."),
        };
    }

    /// <summary>A boolean query parameter such as dryRun; absent is false, anything but true/false is a 400.</summary>
    public static bool Flag(HttpRequest request, string name)
    {
        string? value = request.Query[name];
        if (string.IsNullOrEmpty(value)) return false;
        return bool.TryParse(value, out bool flag) ? flag : throw ApiProblem.BadRequest($"{name} must be true or false, not '{value}'.");
    }
}
