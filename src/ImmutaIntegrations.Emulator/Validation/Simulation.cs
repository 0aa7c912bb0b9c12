using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Validation;

/// <summary>
/// How a payload asks the emulator to simulate a platform's answer, so clients can test their failure paths:
/// a config string beginning <c>fail-</c> makes the create or edit end in createError/editError (and a
/// DELETE credential, deleteError); one beginning <c>reject-</c> makes the create fail its prerequisite
/// check at once (422); for Databricks, <c>reject-metastore</c> fails the metastore lookup (422).
/// </summary>
internal static class Simulation
{
    public const string FailPrefix = "fail-";
    public const string RejectPrefix = "reject-";
    public const string MetastorePrefix = "reject-metastore";

    public const string PrerequisiteMessage = "Validation of prerequisite setup failed. Unable to create integration.";
    public const string MetastoreMessage = "Processing Error: Error trying to get the current metastore info.";

    /// <summary>The dotted path of the first string value starting with <paramref name="prefix"/>, or null.</summary>
    public static string? FindValue(JsonNode? node, string prefix, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (FindValue(child, prefix, path.Length == 0 ? name : path + "." + name) is { } found) return found;
                }
                return null;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (FindValue(array[i], prefix, $"{path}[{i}]") is { } found) return found;
                }
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal) ? path : null;
            default:
                return null;
        }
    }
}
