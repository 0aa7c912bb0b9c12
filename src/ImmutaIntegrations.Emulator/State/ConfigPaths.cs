using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.State;

/// <summary>Reads and writes config values by dotted path (<c>oAuthClientConfig.clientSecret</c>).</summary>
internal static class ConfigPaths
{
    public static JsonNode? Get(JsonObject config, string path)
    {
        JsonNode? node = config;
        foreach (string part in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node)) return null;
        }
        return node;
    }

    public static void SetIfAbsent(JsonObject config, string path, Func<JsonNode> value)
    {
        string[] parts = path.Split('.');
        JsonObject parent = config;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!parent.TryGetPropertyValue(parts[i], out JsonNode? child) || child is null)
            {
                child = new JsonObject();
                parent[parts[i]] = child;
            }
            if (child is not JsonObject childObject) return;
            parent = childObject;
        }
        if (!parent.ContainsKey(parts[^1])) parent[parts[^1]] = value();
    }

    public static void ReplaceIfPresent(JsonObject config, string path, string replacement)
    {
        int dot = path.LastIndexOf('.');
        JsonObject? parent = dot < 0 ? config : Get(config, path[..dot]) as JsonObject;
        string name = dot < 0 ? path : path[(dot + 1)..];
        if (parent is not null && parent.ContainsKey(name)) parent[name] = replacement;
    }
}
