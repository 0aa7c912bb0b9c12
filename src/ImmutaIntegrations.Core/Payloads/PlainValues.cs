using System.Collections;
using System.Collections.Specialized;
using System.Linq;

namespace ImmutaIntegrations.Core.Payloads;

/// <summary>Helpers for the plain value trees payloads are made of.</summary>
public static class PlainValues
{
    public static object? DeepCopy(object? value)
    {
        switch (value)
        {
            case OrderedDictionary map:
                OrderedDictionary copy = ConfigDictionary.Create();
                foreach (DictionaryEntry entry in map) copy[entry.Key] = DeepCopy(entry.Value);
                return copy;
            case object?[] items:
                return items.Select(DeepCopy).ToArray();
            default:
                return value;
        }
    }

    /// <summary>The value at a dotted path, or null.</summary>
    public static object? Get(OrderedDictionary map, string path)
    {
        // Validation asks this for every field of every payload: a path without a dot (most) is one lookup.
        int dot = path.IndexOf('.');
        if (dot < 0) return map[path];
        object? current = map;
        int start = 0;
        while (true)
        {
            if (!(current is OrderedDictionary dictionary)) return null;
            current = dictionary[dot < 0 ? path.Substring(start) : path.Substring(start, dot - start)];
            if (dot < 0) return current;
            start = dot + 1;
            dot = path.IndexOf('.', start);
        }
    }

    public static bool Has(OrderedDictionary map, string path)
    {
        int dot = path.LastIndexOf('.');
        OrderedDictionary? parent = dot < 0 ? map : Get(map, path.Substring(0, dot)) as OrderedDictionary;
        return parent != null && parent.Contains(dot < 0 ? path : path.Substring(dot + 1));
    }

    /// <summary>Sets the value at a dotted path, creating the blocks on the way.</summary>
    public static void Set(OrderedDictionary map, string path, object? value)
    {
        string[] parts = path.Split('.');
        OrderedDictionary current = map;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!(current[parts[i]] is OrderedDictionary next))
            {
                next = ConfigDictionary.Create();
                current[parts[i]] = next;
            }
            current = next;
        }
        current[parts[parts.Length - 1]] = value;
    }
}
