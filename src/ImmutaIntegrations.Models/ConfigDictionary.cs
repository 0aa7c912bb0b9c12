using System;
using System.Collections.Specialized;

namespace ImmutaIntegrations;

/// <summary>Creates the dictionaries that hold integration configuration.</summary>
public static class ConfigDictionary
{
    /// <summary>
    /// An ordered, case-insensitive dictionary: the order is the server's (so output is stable) and
    /// keys match the way PowerShell hashtables do (<c>$config.Host</c> finds <c>host</c>).
    /// </summary>
    public static OrderedDictionary Create() => new OrderedDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The same, made for <paramref name="capacity"/> entries.</summary>
    public static OrderedDictionary Create(int capacity) => new OrderedDictionary(capacity, StringComparer.OrdinalIgnoreCase);
}
