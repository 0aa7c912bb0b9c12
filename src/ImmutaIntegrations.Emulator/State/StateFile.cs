using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;

namespace ImmutaIntegrations.Emulator.State;

/// <summary>
/// --state-file: the integrations (secrets included: the file is the emulator's own database) written after
/// every change, atomically (a temporary file renamed over the old one), and read back at start.
/// </summary>
internal sealed class StateFile(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public bool Exists => File.Exists(Path);

    public void Save(IntegrationStore store)
    {
        var (items, lastId) = store.Everything();
        var document = new JsonObject
        {
            ["lastId"] = lastId,
            // A quirk's integration belongs to the quirk, which adds it again when the emulator starts with it.
            ["integrations"] = new JsonArray(items.Where(i => i.Quirk is null).Select(ToJson).ToArray<JsonNode?>()),
        };
        string directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        string temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Reads the file into the store; returns the integrations whose transitions must be resumed.</summary>
    public IReadOnlyList<StoredIntegration> Load(IntegrationStore store)
    {
        try
        {
            JsonObject document = JsonNode.Parse(File.ReadAllText(Path)) as JsonObject ?? throw new InvalidDataException("it is not a JSON object");
            long lastId = document["lastId"] is null ? 0 : document["lastId"]!.GetValue<long>();
            JsonArray items = document["integrations"] as JsonArray ?? throw new InvalidDataException("it has no \"integrations\" list");
            return store.Write(transaction =>
            {
                var resumed = new List<StoredIntegration>();
                foreach (JsonNode? item in items)
                {
                    JsonObject stored = item as JsonObject ?? throw new InvalidDataException("an integration is not an object");
                    StoredIntegration integration = FromJson(stored, transaction);
                    if (transaction.Find(integration.Id) is not null) throw new InvalidDataException($"id {integration.Id} is there twice");
                    transaction.Add(integration);
                    if (integration.Pending is not null) resumed.Add(integration);
                }
                transaction.SetLastId(lastId);
                return resumed;
            });
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException)
        {
            // Whatever is wrong with it, the message names the file; the file itself is left as it is.
            throw new InvalidDataException($"State file {Path} cannot be read: {e.Message}", e);
        }
    }

    private static JsonObject ToJson(StoredIntegration integration)
    {
        var json = new JsonObject
        {
            ["id"] = integration.Id,
            ["type"] = integration.Type,
            ["status"] = integration.Status,
            ["autoBootstrap"] = integration.AutoBootstrap,
            ["config"] = integration.Config.DeepClone(),
            ["validationResults"] = integration.ValidationResults.DeepClone(),
            ["apiKey"] = integration.ApiKey,
        };
        if (integration.Pending is { } pending)
        {
            json["pending"] = new JsonObject
            {
                ["endStatus"] = pending.EndStatus,
                ["endValidationResults"] = pending.EndValidationResults.DeepClone(),
                ["restoreConfig"] = pending.RestoreConfig?.DeepClone(),
                ["restoreAutoBootstrap"] = pending.RestoreAutoBootstrap,
            };
        }
        return json;
    }

    private static StoredIntegration FromJson(JsonObject json, IntegrationStore.Transaction transaction)
    {
        TypeRules rules = TypeCatalog.Find(json["type"]?.GetValue<string>())
            ?? throw new InvalidDataException($"unknown integration type '{json["type"]}'");
        PendingTransition? pending = json["pending"] is JsonObject p
            ? new PendingTransition(transaction.NextTicket(),
                (p["endStatus"] ?? throw new InvalidDataException("a pending transition has no end status")).GetValue<string>(),
                p["endValidationResults"]?.DeepClone() as JsonObject ?? new JsonObject())
            {
                RestoreConfig = p["restoreConfig"]?.DeepClone() as JsonObject,
                RestoreAutoBootstrap = p["restoreAutoBootstrap"]?.GetValue<bool>(),
            }
            : null;
        return new StoredIntegration
        {
            Id = (json["id"] ?? throw new InvalidDataException("an integration has no id")).GetValue<long>(),
            Rules = rules,
            Status = (json["status"] ?? throw new InvalidDataException("an integration has no status")).GetValue<string>(),
            AutoBootstrap = json["autoBootstrap"]?.GetValue<bool>(),
            Config = json["config"]?.DeepClone() as JsonObject ?? new JsonObject(),
            ValidationResults = json["validationResults"]?.DeepClone() as JsonObject ?? new JsonObject(),
            ApiKey = json["apiKey"]?.GetValue<string>(),
            Pending = pending,
        };
    }
}
