using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using Newtonsoft.Json;

namespace ImmutaIntegrations.Core.Json;

/// <summary>
/// Reads JSON into the plain shapes PowerShell users work with: ordered case-insensitive dictionaries,
/// object arrays, strings, booleans, longs and doubles. Dates stay strings.
/// </summary>
internal static class JsonValues
{
    public static JsonTextReader CreateReader(System.IO.TextReader text) => new JsonTextReader(text)
    {
        // Keep text as the server sent it: no guessing of dates or culture-dependent numbers.
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Double,
        Culture = CultureInfo.InvariantCulture,
    };

    /// <summary>Reads the value at the reader's current token (which must not be a property name).</summary>
    public static object? ReadValue(JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonToken.StartObject:
                return ReadObject(reader);
            case JsonToken.StartArray:
                return ReadArray(reader);
            case JsonToken.Null:
            case JsonToken.Undefined:
                return null;
            default:
                return reader.Value;
        }
    }

    /// <summary>Reads an object whose StartObject token is current; leaves the reader on its EndObject.</summary>
    public static OrderedDictionary ReadObject(JsonReader reader)
    {
        var result = ConfigDictionary.Create();
        while (ReadSkippingComments(reader) && reader.TokenType != JsonToken.EndObject)
        {
            string name = (string)reader.Value!;
            ReadSkippingComments(reader);
            result[name] = ReadValue(reader);
        }
        return result;
    }

    private static object?[] ReadArray(JsonReader reader)
    {
        var items = new List<object?>();
        while (ReadSkippingComments(reader) && reader.TokenType != JsonToken.EndArray)
        {
            items.Add(ReadValue(reader));
        }
        return items.ToArray();
    }

    public static bool ReadSkippingComments(JsonReader reader)
    {
        while (reader.Read())
        {
            if (reader.TokenType != JsonToken.Comment) return true;
        }
        return false;
    }
}
