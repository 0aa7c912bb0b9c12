using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Security;

namespace ImmutaIntegrations.Input;

/// <summary>
/// Turns what users pass in PowerShell (hashtables, ordered dictionaries, PSCustomObjects from
/// ConvertFrom-Json or ConvertFrom-Yaml, arrays, numbers of any width) into the plain values payloads are
/// made of: ordered case-insensitive dictionaries, object arrays, strings, longs, doubles, booleans, and
/// secure strings (kept encrypted until sent).
/// </summary>
internal static class PowerShellValues
{
    /// <summary>How deep values may nest; deeper is a value that contains itself, or a mistake.</summary>
    public const int MaxDepth = 64;

    public static object? ToPlain(object? value, string path) => ToPlain(value, path, 0);

    private static object? ToPlain(object? value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"{path} nests more than {MaxDepth} levels deep: does a hashtable or object contain itself?");
        }
        if (value is PSObject wrapped)
        {
            if (wrapped.BaseObject is PSCustomObject) return FromProperties(wrapped, path, depth);
            value = wrapped.BaseObject;
        }
        switch (value)
        {
            case null:
                return null;
            case string text:
                return text;
            case char character:
                return character.ToString();
            case bool flag:
                return flag;
            case SwitchParameter switchValue:
                return switchValue.IsPresent;
            case SecureString secret:
                return secret;
            case sbyte _:
            case byte _:
            case short _:
            case ushort _:
            case int _:
            case uint _:
            case long _:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong big:
                return big <= long.MaxValue ? (object)(long)big : (double)big;
            case float _:
            case double _:
            case decimal _:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case Enum enumValue:
                return enumValue.ToString();
            case DateTime date:
                return date.ToString("o", CultureInfo.InvariantCulture);
            case DateTimeOffset moment:
                return moment.ToString("o", CultureInfo.InvariantCulture);
            case Guid guid:
                return guid.ToString();
            case Uri uri:
                return uri.OriginalString;
            case IDictionary dictionary:
                OrderedDictionary map = ConfigDictionary.Create();
                foreach (DictionaryEntry entry in dictionary)
                {
                    string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    map[key] = ToPlain(entry.Value, Child(path, key), depth + 1);
                }
                return map;
            case IEnumerable items:
                var list = new List<object?>();
                foreach (object? item in items) list.Add(ToPlain(item, $"{path}[{list.Count}]", depth + 1));
                return list.ToArray();
            default:
                throw new ArgumentException($"{(path.Length == 0 ? "The payload" : path)} is a {value.GetType().Name}, which a payload cannot hold: "
                    + "use a string, a number, true/false, a secure string, a list or a hashtable.");
        }
    }

    /// <summary>Plain values as PowerShell shows them best: dictionaries become PSCustomObjects, as ConvertFrom-Json gives.</summary>
    public static object? ToPSObject(object? value)
    {
        switch (value)
        {
            case OrderedDictionary map:
                var result = new PSObject();
                foreach (DictionaryEntry entry in map) result.Properties.Add(new PSNoteProperty((string)entry.Key, ToPSObject(entry.Value)));
                return result;
            case object?[] items:
                var converted = new object?[items.Length];
                for (int i = 0; i < items.Length; i++) converted[i] = ToPSObject(items[i]);
                return converted;
            default:
                return value;
        }
    }

    private static OrderedDictionary FromProperties(PSObject value, string path, int depth)
    {
        OrderedDictionary map = ConfigDictionary.Create();
        foreach (PSPropertyInfo property in value.Properties)
        {
            if (!property.IsGettable) continue;
            map[property.Name] = ToPlain(property.Value, Child(path, property.Name), depth + 1);
        }
        return map;
    }

    private static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
