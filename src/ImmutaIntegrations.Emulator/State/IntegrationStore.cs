namespace ImmutaIntegrations.Emulator.State;

/// <summary>The emulator's integrations, safe to use from concurrent requests.</summary>
internal sealed class IntegrationStore
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, StoredIntegration> _items = new();
    private long _lastId;

    public long NextId()
    {
        lock (_gate) return ++_lastId;
    }

    public void Add(StoredIntegration integration)
    {
        lock (_gate)
        {
            if (_items.ContainsKey(integration.Id)) throw new InvalidOperationException($"Integration {integration.Id} already exists.");
            _items.Add(integration.Id, integration);
            _lastId = Math.Max(_lastId, integration.Id);
        }
    }

    /// <summary>Finds an integration by the id in a URL; anything that is not a known number is not found.</summary>
    public StoredIntegration? Find(string id)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long key)) return null;
        lock (_gate) return _items.GetValueOrDefault(key);
    }

    /// <summary>A copy of the list, in id order, that later changes do not disturb.</summary>
    public StoredIntegration[] Snapshot()
    {
        lock (_gate) return _items.Values.ToArray();
    }

    /// <summary>Runs <paramref name="action"/> under the store's lock, for reads and changes that must not interleave.</summary>
    public T Locked<T>(Func<T> action)
    {
        lock (_gate) return action();
    }
}
