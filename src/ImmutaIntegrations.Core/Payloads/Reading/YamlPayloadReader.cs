using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ImmutaIntegrations.Core.Payloads.Reading;

/// <summary>
/// Reads YAML straight from the parser's events into plain values, recording where each value stands.
/// Every document of a stream is read; a document that is a list gives one payload per item. Anchors
/// and aliases work; duplicate keys are an error (YAML forbids them, and one would silently win).
/// </summary>
internal sealed class YamlPayloadReader
{
    /// <summary>How deep mappings and lists may nest: far beyond any payload, short of exhausting the stack.</summary>
    internal const int MaxDepth = 64;

    /// <summary>
    /// How many values a file may hold once its aliases are expanded: far beyond any list of payloads, and a
    /// stop to a file whose aliases of aliases would expand into billions ("billion laughs").
    /// </summary>
    internal const int MaxValues = 1_000_000;

    private readonly Dictionary<string, (object? Value, int Size)> _anchors = new Dictionary<string, (object?, int)>();
    private int _depth;
    private int _values;
    private readonly Stack<(Mark Start, bool Mapping)> _openFlows = new Stack<(Mark, bool)>();
    private readonly SourceMap _map;
    private readonly Action<object?, int> _read;
    private readonly MappingBuilder _mappings = new MappingBuilder();

    private YamlPayloadReader(SourceMap map, Action<object?, int> read)
    {
        _map = map;
        _read = read;
    }

    /// <summary>
    /// Reads every payload, recording where its values stand in <paramref name="map"/>, and hands each to
    /// <paramref name="read"/> with its root entry as soon as it is read.
    /// </summary>
    public static void Read(TextReader text, SourceMap map, Action<object?, int> read)
    {
        var reader = new YamlPayloadReader(map, read);
        var parser = new Parser(text);
        try
        {
            reader.ReadStream(parser);
        }
        catch (Exception e) when (!(e is YamlException))
        {
            // YamlDotNet's scanner can fail with a bare InvalidOperationException, e.g. on a '{' that is never
            // closed; say what is open, and where, rather than let that escape.
            if (reader._openFlows.Count > 0)
            {
                (Mark start, bool mapping) = reader._openFlows.Peek();
                throw new YamlException(start, start, $"The flow {(mapping ? "mapping '{'" : "list '['")} that starts here is not closed.", e);
            }
            Mark at = parser.Current?.Start ?? Mark.Empty;
            throw new YamlException(at, at, "The YAML cannot be read past this point.", e);
        }
    }

    private void ReadStream(IParser parser)
    {
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            if (parser.TryConsume<SequenceStart>(out SequenceStart? list))
            {
                bool flow = list.Style == SequenceStyle.Flow;
                if (flow) _openFlows.Push((list.Start, false));
                // A list of payloads: each item is a root of its own.
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    ReadRoot(parser);
                }
                if (flow) _openFlows.Pop();
            }
            else
            {
                ReadRoot(parser);
            }
            parser.Consume<DocumentEnd>();
        }
        parser.Consume<StreamEnd>();
    }

    private void ReadRoot(IParser parser)
    {
        int entry = Record(-1, null, 0, parser.Current!.Start);
        _read(ReadNode(parser, entry), entry);
    }

    // Reads the value the parser stands at, whose entry in the map is already recorded.
    private object? ReadNode(IParser parser, int entry)
    {
        int valuesBefore = _values;
        Count(1, parser.Current?.Start ?? Mark.Empty);
        if (parser.TryConsume<Scalar>(out Scalar? scalar))
        {
            bool tagged = !scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str";
            object? value = scalar.Style == ScalarStyle.Plain && !tagged ? Scalars.Resolve(scalar.Value) : scalar.Value;
            return Remember(scalar.Anchor, value, 1);
        }
        if (parser.TryConsume<MappingStart>(out MappingStart? mapping))
        {
            Enter(mapping.Start);
            bool flow = mapping.Style == MappingStyle.Flow;
            if (flow) _openFlows.Push((mapping.Start, true));
            MappingBuilder.Mapping map = _mappings.Begin();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                Mark keyStart = parser.Current!.Start;
                if (!parser.TryConsume<Scalar>(out Scalar? key))
                {
                    throw new YamlException(keyStart, keyStart, "A key must be a plain name, not a list or a mapping.");
                }
                if (map.Contains(key.Value))
                {
                    throw new YamlException(key.Start, key.End, $"Duplicate key '{key.Value}'.");
                }
                map.Add(key.Value, ReadNode(parser, Record(entry, key.Value, 0, key.Start)));
            }
            if (flow) _openFlows.Pop();
            _depth--;
            return Remember(mapping.Anchor, map.End(), _values - valuesBefore);
        }
        if (parser.TryConsume<SequenceStart>(out SequenceStart? sequence))
        {
            Enter(sequence.Start);
            bool flow = sequence.Style == SequenceStyle.Flow;
            if (flow) _openFlows.Push((sequence.Start, false));
            var items = new List<object?>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, Record(entry, null, items.Count, parser.Current!.Start)));
            }
            if (flow) _openFlows.Pop();
            _depth--;
            return Remember(sequence.Anchor, items.ToArray(), _values - valuesBefore);
        }
        if (parser.TryConsume<AnchorAlias>(out AnchorAlias? alias))
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                throw new YamlException(alias.Start, alias.End, $"Unknown alias '*{alias.Value}'.");
            }
            // The alias stands for every value under its anchor (one is counted already).
            Count(anchored.Size - 1, alias.Start);
            return PlainValues.DeepCopy(anchored.Value);
        }
        ParsingEvent? unexpected = parser.Current;
        throw new YamlException(unexpected?.Start ?? Mark.Empty, unexpected?.End ?? Mark.Empty, "Unexpected YAML content.");
    }

    private void Enter(Mark start)
    {
        if (++_depth > MaxDepth) throw new YamlException(start, start, $"Mappings and lists nest more than {MaxDepth} levels deep here.");
    }

    private void Count(int values, Mark at)
    {
        _values += values;
        if (_values > MaxValues) throw new YamlException(at, at, $"The file holds more than {MaxValues} values once its aliases are expanded.");
    }

    private object? Remember(AnchorName anchor, object? value, int size)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = (value, size);
        return value;
    }

    private int Record(int parent, string? key, int index, Mark mark) => _map.Add(parent, key, index, (int)mark.Line, (int)mark.Column);
}
