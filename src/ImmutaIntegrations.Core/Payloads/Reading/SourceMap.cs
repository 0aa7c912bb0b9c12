using System;

namespace ImmutaIntegrations.Core.Payloads.Reading;

/// <summary>
/// Where the values of a payload file stand: one entry per value, in the order read, each naming its parent
/// and its key (or list index). Reading a file records only that (no path strings, no lookups); a path such
/// as <c>config.port</c> is walked only when a problem needs its line, which is rare.
/// </summary>
public sealed class SourceMap
{
    private Entry[] _entries;
    private int _count;

    public SourceMap()
        : this(64)
    {
    }

    /// <summary>A map made for about <paramref name="capacity"/> values (it grows beyond).</summary>
    public SourceMap(int capacity)
    {
        _entries = new Entry[Math.Max(16, capacity)];
    }

    /// <summary>A map sized for a file's text: payload files hold about one value per 20 characters.</summary>
    internal static SourceMap For(string text) => new SourceMap(Math.Min(text.Length / 16, 1 << 20));

    /// <summary>How many values are recorded: a payload's entries end where the count stood when it was read.</summary>
    internal int Count => _count;

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
    /// The payload's entries are those from <paramref name="root"/> up to <paramref name="end"/>: a payload can be
    /// looked at (validated on another thread) while the file's next ones are still being recorded.
    /// </summary>
    public SourcePosition? Find(int root, int end, string path)
    {
        // Entries written before the payload was handed over are in whichever array is seen now.
        Entry[] entries = _entries;
        end = Math.Min(end, entries.Length);
        if (root < 0 || root >= end) return null;
        int current = root;
        int at = 0;
        while (at < path.Length)
        {
            int child = path[at] == '[' ? FindItem(entries, end, current, path, ref at) : FindKey(entries, end, current, path, ref at);
            if (child < 0) break;
            current = child;
        }
        Entry found = entries[current];
        return new SourcePosition(found.Line, found.Column);
    }

    // "[n]" at the path's position: the parent's item n.
    private static int FindItem(Entry[] entries, int end, int parent, string path, ref int at)
    {
        int close = path.IndexOf(']', at);
        if (close < 0 || !int.TryParse(path.Substring(at + 1, close - at - 1), out int index)) return -1;
        for (int i = parent + 1; i < end && entries[i].Parent >= parent; i++)
        {
            if (entries[i].Parent == parent && entries[i].Key is null && entries[i].Index == index)
            {
                at = close + 1;
                return i;
            }
        }
        return -1;
    }

    // A key at the path's position (after a '.' unless it is the first): the longest of the parent's keys that
    // the path goes on with, so a key holding a '.' is found too.
    private static int FindKey(Entry[] entries, int end, int parent, string path, ref int at)
    {
        int start = path[at] == '.' ? at + 1 : at;
        int best = -1;
        int bestLength = -1;
        // Entries are in the order read, so a value's descendants follow it, and the first entry whose parent
        // comes before it ends them.
        for (int i = parent + 1; i < end && entries[i].Parent >= parent; i++)
        {
            string? key = entries[i].Key;
            if (entries[i].Parent != parent || key is null || key.Length <= bestLength) continue;
            int after = start + key.Length;
            if (after > path.Length || string.Compare(path, start, key, 0, key.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
            if (after < path.Length && path[after] != '.' && path[after] != '[') continue;
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
