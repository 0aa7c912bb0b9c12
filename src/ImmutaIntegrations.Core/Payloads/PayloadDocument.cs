using System.Collections.Specialized;
using ImmutaIntegrations.Core.Payloads.Reading;

namespace ImmutaIntegrations.Core.Payloads;

/// <summary>
/// A payload as read, before validation: its values as plain objects (ordered case-insensitive
/// dictionaries, arrays, strings, longs, doubles, booleans, secure strings) and, when it came from a file,
/// where each field stands in it.
/// </summary>
public sealed class PayloadDocument
{
    private readonly SourceMap? _map;
    private readonly (int Root, int End) _entries;
    private string? _folder;

    /// <param name="map">Where the values of the file stand, when the document came from one.</param>
    /// <param name="entries">The document's entries in <paramref name="map"/>: its root's, up to the end of its values.</param>
    public PayloadDocument(object? root, string origin, string? file = null, SourceMap? map = null, (int Root, int End) entries = default)
    {
        Root = root;
        Origin = origin;
        File = file;
        _map = map;
        _entries = entries;
    }

    /// <summary>The same document (origin, file, positions) with other values.</summary>
    public PayloadDocument WithRoot(object? root) => new PayloadDocument(root, Origin, File, _map, _entries) { _folder = _folder };

    /// <summary>The same document, its relative <c>${file:}</c> paths starting from <paramref name="folder"/> (a saved plan's payload).</summary>
    public PayloadDocument WithFolder(string folder) => new PayloadDocument(Root, Origin, File, _map, _entries) { _folder = folder };

    /// <summary>The payload itself; anything but a dictionary is reported by validation.</summary>
    public object? Root { get; }

    /// <summary>Where it came from, for messages: a file (and item), or the input object.</summary>
    public string Origin { get; }

    public string? File { get; }

    /// <summary>Where a relative <c>${file:PATH}</c> starts: the payload file's folder; null for a payload from an object (the current location).</summary>
    public string? Folder => _folder ?? (File is null ? null : System.IO.Path.GetDirectoryName(File));

    public OrderedDictionary? Map => Root as OrderedDictionary;

    /// <summary>
    /// The position of the field at a path (<c>config.port</c>), or of the nearest enclosing field that has
    /// one (a missing field is reported where its block is).
    /// </summary>
    public SourcePosition? PositionOf(string path) => _map?.Find(_entries.Root, _entries.End, path);
}

/// <summary>A 1-based line and column in a file.</summary>
public readonly struct SourcePosition
{
    public SourcePosition(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    public override string ToString() => $"{Line}:{Column}";
}
