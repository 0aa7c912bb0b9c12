using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;
using ImmutaIntegrations.Emulator.Documents;

namespace ImmutaIntegrations.Emulator.State;

/// <summary>
/// Loads integrations from a file: a list of integration objects (as GET returns them, ids and statuses
/// optional) or of create payloads, or an object with an "integrations" list. Missing ids are numbered,
/// missing statuses are "enabled", missing validation results are the type's tests, all passed.
/// </summary>
internal static class Seed
{
    public static void Load(string path, IntegrationStore store)
    {
        string text = File.ReadAllText(path);
        JsonNode? root;
        try
        {
            root = DocumentReader.Parse(text, DocumentReader.IsYamlPath(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"Seed file {path}, line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}: {e.Message}", e);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"Seed file {path}, line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        JsonArray items = root switch
        {
            JsonArray array => array,
            JsonObject obj when obj["integrations"] is JsonArray array => array,
            JsonObject obj => new JsonArray(obj.DeepClone()),
            _ => throw new InvalidDataException($"Seed file {path}: expected a list of integrations."),
        };
        int index = 0;
        foreach (JsonNode? item in items)
        {
            store.Add(FromJson(item as JsonObject ?? throw new InvalidDataException($"Seed file {path}: item {index} is not an object."), store, $"{path}, item {index}"));
            index++;
        }
    }

    private static StoredIntegration FromJson(JsonObject item, IntegrationStore store, string where)
    {
        string? typeName = item["type"]?.GetValue<string>();
        TypeRules rules = IntegrationTypes.Find(typeName)
            ?? throw new InvalidDataException($"{where}: unknown integration type '{typeName}'.");
        long id = item["id"] is JsonNode idNode ? long.Parse(idNode.ToString(), System.Globalization.CultureInfo.InvariantCulture) : store.NextId();
        return new StoredIntegration
        {
            Id = id,
            Rules = rules,
            Status = item["status"]?.GetValue<string>() ?? "enabled",
            AutoBootstrap = rules.Name == IntegrationTypes.Trino ? null : item["autoBootstrap"]?.GetValue<bool>() ?? false,
            Config = item["config"]?.DeepClone() as JsonObject ?? new JsonObject(),
            ValidationResults = item["validationResults"]?.DeepClone() as JsonObject ?? Validation.AllPassed(rules),
        };
    }
}
