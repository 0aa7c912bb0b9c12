using System;
using System.Collections.Generic;
using System.Collections.Specialized;

namespace ImmutaIntegrations.Core.Payloads.Reading;

/// <summary>
/// Builds the mappings a reader meets, nested or not: their entries wait on one shared stack until the
/// mapping ends, so each dictionary is made at its final size (a payload file holds tens of thousands of small
/// mappings, and growing each one entry at a time cost more than reading them). Keys match ignoring case, as
/// in the dictionaries made.
/// </summary>
internal sealed class MappingBuilder
{
    // Beyond this many keys a mapping looks its keys up in a set rather than going through them.
    private const int ScanUpTo = 16;

    private readonly List<KeyValuePair<string, object?>> _pending = new List<KeyValuePair<string, object?>>();

    /// <summary>Starts a mapping (inside any that are open).</summary>
    public Mapping Begin() => new Mapping(this, _pending.Count);

    /// <summary>One mapping being read: its keys are added one at a time, then it ends.</summary>
    public struct Mapping
    {
        private readonly MappingBuilder _builder;
        private readonly int _start;
        private HashSet<string>? _keys;

        internal Mapping(MappingBuilder builder, int start)
        {
            _builder = builder;
            _start = start;
            _keys = null;
        }

        /// <summary>Whether the mapping has a key already (in any case).</summary>
        public bool Contains(string key)
        {
            List<KeyValuePair<string, object?>> pending = _builder._pending;
            if (_keys != null) return _keys.Contains(key);
            for (int i = _start; i < pending.Count; i++)
            {
                if (string.Equals(pending[i].Key, key, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        public void Add(string key, object? value)
        {
            List<KeyValuePair<string, object?>> pending = _builder._pending;
            pending.Add(new KeyValuePair<string, object?>(key, value));
            if (_keys != null)
            {
                _keys.Add(key);
            }
            else if (pending.Count - _start > ScanUpTo)
            {
                _keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                for (int i = _start; i < pending.Count; i++) _keys.Add(pending[i].Key);
            }
        }

        /// <summary>The mapping read, as an ordered case-insensitive dictionary of its size.</summary>
        public OrderedDictionary End()
        {
            List<KeyValuePair<string, object?>> pending = _builder._pending;
            int count = pending.Count - _start;
            OrderedDictionary map = ConfigDictionary.Create(count);
            for (int i = _start; i < pending.Count; i++) map.Add(pending[i].Key, pending[i].Value);
            pending.RemoveRange(_start, count);
            return map;
        }
    }
}
