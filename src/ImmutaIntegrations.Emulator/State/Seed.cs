using System.Globalization;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;
using ImmutaIntegrations.Emulator.Documents;
using ImmutaIntegrations.Emulator.Validation;

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
        store.Write(transaction =>
        {
            int index = 0;
            foreach (JsonNode? item in items)
            {
                string where = $"Seed file {path}, item {index++}";
                transaction.Add(FromJson(item as JsonObject ?? throw new InvalidDataException($"{where} is not an object."), transaction, where));
            }
            return true;
        });
    }

    private static StoredIntegration FromJson(JsonObject item, IntegrationStore.Transaction transaction, string where)
    {
        string? typeName = item["type"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
        TypeRules rules = TypeCatalog.Find(typeName)
            ?? throw new InvalidDataException($"{where}: unknown integration type '{typeName}'.");
        long id;
        if (item["id"] is JsonNode idNode)
        {
            if (!long.TryParse(idNode.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out id) || id == 0)
            {
                throw new InvalidDataException($"{where}: id '{idNode}' is not a positive whole number.");
            }
            if (transaction.Find(id) is not null) throw new InvalidDataException($"{where}: id {id} is used twice.");
        }
        else
        {
            id = transaction.NextId();
        }
        var config = item["config"]?.DeepClone() as JsonObject ?? new JsonObject();
        bool? auto = rules.HasConfig ? item["autoBootstrap"]?.GetValue<bool>() ?? false : null;
        return new StoredIntegration
        {
            Id = id,
            Rules = rules,
            Status = item["status"]?.GetValue<string>() ?? "enabled",
            AutoBootstrap = auto,
            Config = rules.HasConfig ? config : new JsonObject(),
            ValidationResults = item["validationResults"]?.DeepClone() as JsonObject ?? ValidationRun.Results(new ValidPayload(rules, auto, config)),
            ApiKey = rules.HasConfig ? null : config["apiKey"]?.GetValue<string>() ?? ApiKeys.New(),
        };
    }
}
