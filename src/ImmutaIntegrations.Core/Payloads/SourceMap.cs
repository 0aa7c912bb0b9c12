using System;

namespace ImmutaIntegrations.Core.Payloads
{
    /// <summary>
    /// Where the values of a payload file stand: one entry per value, in the order read, each naming its parent
    /// and its key (or list index). Reading a file records only that (no path strings, no lookups); a path such
    /// as <c>config.port</c> is walked only when a problem needs its line, which is rare.
    /// </summary>
    public sealed class SourceMap
    {
        private Entry[] _entries = new Entry[64];
        private int _count;

        /// <summary>Records a value; <paramref name="parent"/> is -1 for a payload's root. Returns its entry.</summary>
        internal int Add(int parent, string? key, int index, int line, int column)
        {
            if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
            _entries[_count] = new Entry(parent, key, index, line, column);
            return _count++;
        }

        /// <summary>
        /// The position of the value at a path under a root entry, or of the nearest enclosing value that has one
        /// (a missing field is reported where its block is). Keys match as the payload's dictionaries do, ignoring case.
        /// </summary>
        public SourcePosition? Find(int root, string path)
        {
            if (root < 0 || root >= _count) return null;
            int current = root;
            int at = 0;
            while (at < path.Length)
            {
                int child = path[at] == '[' ? FindItem(current, path, ref at) : FindKey(current, path, ref at);
                if (child < 0) break;
                current = child;
            }
            Entry found = _entries[current];
            return new SourcePosition(found.Line, found.Column);
        }

        // "[n]" at the path's position: the parent's item n.
        private int FindItem(int parent, string path, ref int at)
        {
            int close = path.IndexOf(']', at);
            if (close < 0 || !int.TryParse(path.Substring(at + 1, close - at - 1), out int index)) return -1;
            for (int i = parent + 1; i < _count && _entries[i].Parent >= parent; i++)
            {
                if (_entries[i].Parent == parent && _entries[i].Key is null && _entries[i].Index == index)
                {
                    at = close + 1;
                    return i;
                }
            }
            return -1;
        }

        // A key at the path's position (after a '.' unless it is the first): the longest of the parent's keys that
        // the path goes on with, so a key holding a '.' is found too.
        private int FindKey(int parent, string path, ref int at)
        {
            int start = path[at] == '.' ? at + 1 : at;
            int best = -1;
            int bestLength = -1;
            // Entries are in the order read, so a value's descendants follow it, and the first entry whose parent
            // comes before it ends them.
            for (int i = parent + 1; i < _count && _entries[i].Parent >= parent; i++)
            {
                string? key = _entries[i].Key;
                if (_entries[i].Parent != parent || key is null || key.Length <= bestLength) continue;
                int end = start + key.Length;
                if (end > path.Length || string.Compare(path, start, key, 0, key.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
                if (end < path.Length && path[end] != '.' && path[end] != '[') continue;
                best = i;
                bestLength = key.Length;
            }
            if (best >= 0) at = start + bestLength;
            return best;
        }

        private readonly struct Entry
        {
            public Entry(int parent, string? key, int index, int line, int column)
            {
                Parent = parent;
                Key = key;
                Index = index;
                Line = line;
                Column = column;
            }

            public int Parent { get; }

            /// <summary>The key of a mapping's value; null for a list's item or a root.</summary>
            public string? Key { get; }

            public int Index { get; }

            public int Line { get; }

            public int Column { get; }
        }
    }
}
