using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Numerics;
using Newtonsoft.Json;

namespace ImmutaIntegrations.Core.Payloads
{
    /// <summary>
    /// Reads JSON into plain values, recording where each field stands. A top-level array gives one payload
    /// per item. Duplicate keys are an error, as in YAML: one of them would silently win.
    /// </summary>
    internal sealed class JsonPayloadReader
    {
        private readonly JsonTextReader _reader;
        private Dictionary<string, SourcePosition> _positions = new Dictionary<string, SourcePosition>();

        private JsonPayloadReader(TextReader text)
        {
            _reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
        }

        public static List<(object? Root, Dictionary<string, SourcePosition> Positions)> Read(TextReader text)
        {
            var reader = new JsonPayloadReader(text);
            var documents = new List<(object?, Dictionary<string, SourcePosition>)>();
            if (!reader.Next()) throw new JsonReaderException("The file holds no JSON value.");
            if (reader._reader.TokenType == JsonToken.StartArray)
            {
                while (reader.Next() && reader._reader.TokenType != JsonToken.EndArray)
                {
                    reader._positions = new Dictionary<string, SourcePosition> { [string.Empty] = reader.Here() };
                    documents.Add((reader.ReadValue(string.Empty), reader._positions));
                }
                if (reader._reader.TokenType != JsonToken.EndArray) throw reader.Error("The list of payloads is not closed (a ']' is missing).");
            }
            else
            {
                reader._positions[string.Empty] = reader.Here();
                documents.Add((reader.ReadValue(string.Empty), reader._positions));
            }
            if (reader.Next()) throw reader.Error($"Unexpected {reader._reader.TokenType} after the end of the payload.");
            return documents;
        }

        private object? ReadValue(string path)
        {
            switch (_reader.TokenType)
            {
                case JsonToken.StartObject:
                    OrderedDictionary map = ConfigDictionary.Create();
                    while (Next() && _reader.TokenType == JsonToken.PropertyName)
                    {
                        string name = (string)_reader.Value!;
                        if (map.Contains(name)) throw Error($"Duplicate key '{name}'.");
                        string childPath = path.Length == 0 ? name : path + "." + name;
                        _positions[childPath] = Here();
                        if (!Next()) throw Error($"The value of '{name}' is missing.");
                        map[name] = ReadValue(childPath);
                    }
                    if (_reader.TokenType != JsonToken.EndObject) throw Error("An object is not closed (a '}' is missing).");
                    return map;
                case JsonToken.StartArray:
                    var items = new List<object?>();
                    while (Next() && _reader.TokenType != JsonToken.EndArray)
                    {
                        string childPath = $"{path}[{items.Count}]";
                        _positions[childPath] = Here();
                        items.Add(ReadValue(childPath));
                    }
                    if (_reader.TokenType != JsonToken.EndArray) throw Error("A list is not closed (a ']' is missing).");
                    return items.ToArray();
                case JsonToken.Integer:
                    // Beyond a long: kept as a double, which validation reports as not an integer.
                    return _reader.Value is BigInteger big ? (object)(double)big : _reader.Value;
                case JsonToken.Null:
                case JsonToken.Undefined:
                    return null;
                case JsonToken.String:
                case JsonToken.Float:
                case JsonToken.Boolean:
                    return _reader.Value;
                default:
                    throw Error($"Unexpected {_reader.TokenType}.");
            }
        }

        private bool Next()
        {
            while (_reader.Read())
            {
                if (_reader.TokenType != JsonToken.Comment) return true;
            }
            return false;
        }

        private SourcePosition Here() => new SourcePosition(_reader.LineNumber, _reader.LinePosition);

        private JsonReaderException Error(string message) =>
            new JsonReaderException(message, _reader.Path, _reader.LineNumber, _reader.LinePosition, null);
    }
}
