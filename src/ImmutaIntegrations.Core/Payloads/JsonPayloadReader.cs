using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
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
        private readonly string[] _lines;
        private Dictionary<string, SourcePosition> _positions = new Dictionary<string, SourcePosition>();

        private JsonPayloadReader(string text)
        {
            _reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
            _lines = text.Split(new[] { "\r\n", "\r", "\n" }, StringSplitOptions.None);
        }

        public static List<(object? Root, Dictionary<string, SourcePosition> Positions)> Read(string text)
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
                        SourcePosition start = NameStart();
                        if (map.Contains(name)) throw Error($"Duplicate key '{name}'.", start);
                        string childPath = path.Length == 0 ? name : path + "." + name;
                        _positions[childPath] = start;
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
                    // (Through its digits: BigInteger's own conversion to double is not the nearest double.)
                    return _reader.Value is BigInteger big
                        ? double.Parse(big.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
                        : _reader.Value;
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

        // The reader stands just past a property name's ':'; a field is placed where its name starts, as in YAML.
        private SourcePosition NameStart()
        {
            SourcePosition end = Here();
            if (end.Line < 1 || end.Line > _lines.Length) return end;
            string line = _lines[end.Line - 1];
            int i = Math.Min(end.Column, line.Length) - 1;
            if (i >= 0 && line[i] == ':') i--;
            while (i >= 0 && char.IsWhiteSpace(line[i])) i--;
            if (i < 0) return end;
            char quote = line[i];
            if (quote == '"' || quote == '\'')
            {
                for (int j = i - 1; j >= 0; j--)
                {
                    if (line[j] == quote && !IsEscaped(line, j)) return new SourcePosition(end.Line, j + 1);
                }
                return end;
            }
            // A name without quotes, which Newtonsoft accepts.
            while (i > 0 && (char.IsLetterOrDigit(line[i - 1]) || line[i - 1] == '_' || line[i - 1] == '$')) i--;
            return new SourcePosition(end.Line, i + 1);
        }

        private static bool IsEscaped(string line, int index)
        {
            int backslashes = 0;
            while (index - backslashes > 0 && line[index - backslashes - 1] == '\\') backslashes++;
            return backslashes % 2 == 1;
        }

        private JsonReaderException Error(string message) => Error(message, Here());

        private JsonReaderException Error(string message, SourcePosition at) =>
            new JsonReaderException(message, _reader.Path, at.Line, at.Column, null);
    }
}
