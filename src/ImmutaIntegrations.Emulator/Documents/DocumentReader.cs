using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Documents;

/// <summary>Reads a JSON or YAML document (a seed file, a request body) into JSON nodes.</summary>
internal static class DocumentReader
{
    public static JsonNode? Parse(string text, bool yaml) =>
        yaml
            ? YamlJson.Parse(text)
            : JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

    public static bool IsYamlPath(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
