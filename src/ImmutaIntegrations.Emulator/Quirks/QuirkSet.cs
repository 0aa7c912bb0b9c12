using System.Collections.Frozen;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.State;

namespace ImmutaIntegrations.Emulator.Quirks;

/// <summary>
/// The quirks in force. They start as --quirks says and change with POST /_emulator/quirks; a reset puts the
/// start options back. A quirk that adds an integration adds it when switched on (once, however often it is
/// switched on again) and removes it when switched off, if it is still there.
/// </summary>
internal sealed class QuirkSet(EmulatorOptions options, IntegrationStore store)
{
    // Writers take the gate; readers see one frozen set, without a lock, so an answer can be shaped while
    // the store's lock is held and a writer waits for it.
    private readonly object _gate = new();
    private volatile FrozenSet<string> _on = FrozenSet<string>.Empty;
    private readonly Dictionary<string, long> _added = new(StringComparer.Ordinal);

    public bool Has(string quirk) => _on.Contains(quirk);

    /// <summary>The quirks in force, in the order of <see cref="QuirkNames.All"/>.</summary>
    public IReadOnlyList<string> Current => QuirkNames.All.Where(_on.Contains).ToArray();

    /// <summary>Switches on the start options' quirks; called once the starting state is loaded.</summary>
    public void Start() => Set(options.Quirks);

    /// <summary>Back to the start options, after the store was emptied (the integrations quirks added are gone with it).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _on = FrozenSet<string>.Empty;
            _added.Clear();
            Set(options.Quirks);
        }
    }

    /// <summary>Makes <paramref name="names"/> the quirks in force.</summary>
    /// <exception cref="ArgumentException">A name is not a quirk; nothing changes.</exception>
    public void Set(IEnumerable<string> names)
    {
        FrozenSet<string> wanted = names.Select(QuirkNames.Check).ToFrozenSet(StringComparer.Ordinal);
        lock (_gate)
        {
            FrozenSet<string> before = _on;
            store.Write(transaction =>
            {
                foreach (string quirk in before.Except(wanted))
                {
                    // A deleted one has left the list already; it stays, as every deleted integration does.
                    if (_added.Remove(quirk, out long id) && transaction.Find(id) is { IsDeleted: false }) transaction.Remove(id);
                }
                foreach (string quirk in QuirkNames.All.Where(q => wanted.Contains(q) && !before.Contains(q) && QuirkIntegrations.AddsOne(q)))
                {
                    StoredIntegration integration = QuirkIntegrations.For(quirk, transaction.NextId());
                    transaction.Add(integration);
                    _added[quirk] = integration.Id;
                }
                return 0;
            });
            _on = wanted;
        }
    }

    /// <summary>The quirks of a POST /_emulator/quirks body, <c>{"quirks": [...]}</c>; anything else is a 400.</summary>
    public void Apply(JsonObject body)
    {
        if (body["quirks"] is not JsonArray list || body.Count != 1)
        {
            throw ApiProblem.BadRequest("The body must be {\"quirks\": [...]}, a list of quirk names (empty to switch them all off).");
        }
        try
        {
            Set(list.Select(item => item is JsonValue value && value.TryGetValue(out string? name)
                ? name
                : throw new ArgumentException($"Each quirk must be a name (a string), not {item?.ToJsonString() ?? "null"}.")).ToArray());
        }
        catch (ArgumentException e)
        {
            throw ApiProblem.BadRequest(e.Message);
        }
    }

    public JsonObject ToJson() => new()
    {
        ["quirks"] = new JsonArray(Current.Select(q => (JsonNode?)q).ToArray()),
        ["available"] = new JsonArray(QuirkNames.All.Select(q => (JsonNode?)q).ToArray()),
    };
}
