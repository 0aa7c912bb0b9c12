using ImmutaIntegrations.Emulator.Catalog;

namespace ImmutaIntegrations.Emulator.State;

/// <summary>
/// The emulator's integrations. One lock guards them all: ids are unique under parallel requests, and a
/// check-then-change (a conflict check, a state check) cannot interleave with another request's change.
/// </summary>
internal sealed class IntegrationStore
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, StoredIntegration> _items = new();
    private long _lastId;
    private long _lastTicket;

    /// <summary>Called, under the lock, after every change (the state file listens).</summary>
    public event Action<IntegrationStore>? Changed;

    /// <summary>Runs <paramref name="action"/> under the lock; when it reports a change, listeners hear of it.</summary>
    public T Write<T>(Func<Transaction, T> action)
    {
        lock (_gate)
        {
            var transaction = new Transaction(this);
            T result = action(transaction);
            if (transaction.Changed) Changed?.Invoke(this);
            return result;
        }
    }

    public T Read<T>(Func<T> action)
    {
        lock (_gate) return action();
    }

    /// <summary>Finds an integration by the id in a URL; anything that is not a known number is not found.</summary>
    public StoredIntegration? Find(string id)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long key)) return null;
        lock (_gate) return _items.GetValueOrDefault(key);
    }

    /// <summary>A copy of the list in id order, without deleted integrations.</summary>
    public StoredIntegration[] Listed()
    {
        lock (_gate) return _items.Values.Where(i => !i.IsDeleted).ToArray();
    }

    /// <summary>Every integration and the last id handed out (for the state file).</summary>
    public (StoredIntegration[] Items, long LastId) Everything()
    {
        lock (_gate) return (_items.Values.ToArray(), _lastId);
    }

    /// <summary>A change in progress, under the store's lock.</summary>
    internal sealed class Transaction(IntegrationStore store)
    {
        public bool Changed { get; private set; }

        public long NextId() => ++store._lastId;

        public long NextTicket() => ++store._lastTicket;

        public IEnumerable<StoredIntegration> All => store._items.Values;

        public StoredIntegration? Find(long id) => store._items.GetValueOrDefault(id);

        public void Add(StoredIntegration integration)
        {
            if (!store._items.TryAdd(integration.Id, integration)) throw new InvalidOperationException($"Integration {integration.Id} already exists.");
            store._lastId = Math.Max(store._lastId, integration.Id);
            Changed = true;
        }

        /// <summary>Forgets an integration entirely (a quirk's, when the quirk is switched off); false when it was not there.</summary>
        public bool Remove(long id)
        {
            bool removed = store._items.Remove(id);
            Changed |= removed;
            return removed;
        }

        /// <summary>Marks the transaction as having changed state (after editing an integration in place).</summary>
        public void Touch() => Changed = true;

        public void Clear()
        {
            store._items.Clear();
            store._lastId = 0;
            Changed = true;
        }

        public void SetLastId(long id) => store._lastId = Math.Max(store._lastId, id);

        /// <summary>The live integration of the type that has the same identity (host, workspace, ...) as a config.</summary>
        public StoredIntegration? FindSameTarget(TypeRules rules, System.Text.Json.Nodes.JsonObject config, long? except)
        {
            return store._items.Values.FirstOrDefault(existing =>
                existing.Rules == rules && existing.Id != except && existing.Status is not ("deleted" or "disabled")
                && (rules.IdentityKeys.Length == 0 || rules.IdentityKeys.Any(key => key.All(field =>
                    string.Equals(ConfigPaths.Get(existing.Config, field)?.ToString(), ConfigPaths.Get(config, field)?.ToString(),
                        StringComparison.OrdinalIgnoreCase)))));
        }
    }
}
