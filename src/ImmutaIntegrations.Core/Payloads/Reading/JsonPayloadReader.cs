using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Numerics;
using Newtonsoft.Json;

namespace ImmutaIntegrations.Core.Payloads.Reading;

/// <summary>
/// Reads JSON into plain values, recording where each value stands. A top-level array gives one payload
/// per item. Duplicate keys are an error, as in YAML: one of them would silently win.
/// </summary>
internal sealed class JsonPayloadReader
{
    private readonly JsonTextReader _reader;
    private readonly string _text;
    private readonly SourceMap _map;
    private readonly Action<object?, int> _read;
    private readonly MappingBuilder _mappings = new MappingBuilder();

    // Where each line starts in the text (found as the reader reaches it): a field's name is found backwards
    // from where the reader stands after it.
    private readonly List<int> _lineStarts = new List<int> { 0 };
    private int _scanned;

    private JsonPayloadReader(string text, SourceMap map, Action<object?, int> read)
    {
        _text = text;
        _map = map;
        _read = read;
        _reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
    }

    /// <summary>
    /// Reads every payload, recording where its values stand in <paramref name="map"/>, and hands each to
    /// <paramref name="read"/> with its root entry as soon as it is read.
    /// </summary>
    public static void Read(string text, SourceMap map, Action<object?, int> read)
    {
        var reader = new JsonPayloadReader(text, map, read);
        if (!reader.Next()) throw new JsonReaderException("The file holds no JSON value.");
        if (reader._reader.TokenType == JsonToken.StartArray)
        {
            while (reader.Next() && reader._reader.TokenType != JsonToken.EndArray)
            {
                reader.ReadRoot();
            }
            if (reader._reader.TokenType != JsonToken.EndArray) throw reader.Error("The list of payloads is not closed (a ']' is missing).");
        }
        else
        {
            reader.ReadRoot();
        }
        if (reader.Next()) throw reader.Error($"Unexpected {reader._reader.TokenType} after the end of the payload.");
    }

    /// <summary>A JSON text that is one object, read without keeping positions.</summary>
    public static OrderedDictionary ReadObject(string json)
    {
        object? value = null;
        Read(json, new SourceMap(), (root, _) => value = root);
        return value as OrderedDictionary ?? throw new JsonReaderException("The JSON text is not an object.");
    }

    private void ReadRoot()
    {
        int entry = Record(-1, null, 0, Here());
        _read(ReadValue(entry), entry);
    }

    // Reads the value the reader stands at, whose entry in the map is already recorded.
    private object? ReadValue(int entry)
    {
        switch (_reader.TokenType)
        {
            case JsonToken.StartObject:
                MappingBuilder.Mapping map = _mappings.Begin();
                while (Next() && _reader.TokenType == JsonToken.PropertyName)
                {
                    string name = (string)_reader.Value!;
                    SourcePosition start = NameStart();
                    if (map.Contains(name)) throw Error($"Duplicate key '{name}'.", start);
                    int child = Record(entry, name, 0, start);
                    if (!Next()) throw Error($"The value of '{name}' is missing.");
                    map.Add(name, ReadValue(child));
                }
                if (_reader.TokenType != JsonToken.EndObject) throw Error("An object is not closed (a '}' is missing).");
                return map.End();
            case JsonToken.StartArray:
                var items = new List<object?>();
                while (Next() && _reader.TokenType != JsonToken.EndArray)
                {
                    items.Add(ReadValue(Record(entry, null, items.Count, Here())));
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

    private int Record(int parent, string? key, int index, SourcePosition at) => _map.Add(parent, key, index, at.Line, at.Column);

    // Where a line (1-based) starts and ends in the text, or null past its end. Lines end at \r\n, \r or \n,
    // as the reader counts them.
    private (int Start, int End)? Line(int line)
    {
        while (_lineStarts.Count <= line && _scanned < _text.Length)
        {
            char c = _text[_scanned++];
            if (c == '\n' || (c == '\r' && (_scanned == _text.Length || _text[_scanned] != '\n'))) _lineStarts.Add(_scanned);
        }
        if (line < 1 || line > _lineStarts.Count) return null;
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Count ? _lineStarts[line] : _text.Length;
        while (end > start && (_text[end - 1] == '\n' || _text[end - 1] == '\r')) end--;
        return (start, end);
    }

    // The reader stands just past a property name's ':'; a field is placed where its name starts, as in YAML.
    private SourcePosition NameStart()
    {
        SourcePosition end = Here();
        if (!(Line(end.Line) is (int start, int stop))) return end;
        // Indexes from here on count from the line's start.
        char At(int index) => _text[start + index];
        int i = Math.Min(end.Column, stop - start) - 1;
        if (i >= 0 && At(i) == ':') i--;
        while (i >= 0 && char.IsWhiteSpace(At(i))) i--;
        if (i < 0) return end;
        char quote = At(i);
        if (quote == '"' || quote == '\'')
        {
            for (int j = i - 1; j >= 0; j--)
            {
                if (At(j) == quote && !IsEscaped(j)) return new SourcePosition(end.Line, j + 1);
            }
            return end;
        }
        // A name without quotes, which Newtonsoft accepts.
        while (i > 0 && (char.IsLetterOrDigit(At(i - 1)) || At(i - 1) == '_' || At(i - 1) == '$')) i--;
        return new SourcePosition(end.Line, i + 1);

        bool IsEscaped(int index)
        {
            int backslashes = 0;
            while (index - backslashes > 0 && At(index - backslashes - 1) == '\\') backslashes++;
            return backslashes % 2 == 1;
        }
    }

    private JsonReaderException Error(string message) => Error(message, Here());

    private JsonReaderException Error(string message, SourcePosition at) =>
        new JsonReaderException(message, _reader.Path, at.Line, at.Column, null);
}
