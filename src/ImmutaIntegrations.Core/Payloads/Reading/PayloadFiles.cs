using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Payloads.Validation;
using Newtonsoft.Json;
using YamlDotNet.Core;

namespace ImmutaIntegrations.Core.Payloads.Reading;

/// <summary>
/// Reads payload files: <c>.json</c>, <c>.yaml</c> or <c>.yml</c>, holding one payload or a list of them.
/// Anything unreadable is an <see cref="ImmutaPayloadException"/> naming the file, line and column.
/// </summary>
public static class PayloadFiles
{
    /// <summary>Far beyond any real payload list; a bigger file is a mistake (a log, a dump, a binary).</summary>
    public const long MaxBytes = 8L * 1024 * 1024;

    public static IReadOnlyList<PayloadDocument> Read(string path) => Parse(ReadBytes(path), Path.GetFullPath(path));

    /// <summary>Parses the bytes of a payload file; <paramref name="file"/> names it in messages and picks the format.</summary>
    public static IReadOnlyList<PayloadDocument> Parse(byte[] bytes, string file) => Parse(bytes, file, null);

    /// <summary>
    /// Reads a payload file and validates each of its payloads, in order. Each payload is validated as soon as it
    /// is read, on other threads, in batches, while the file goes on being read: reading a long file (YAML's
    /// parser is most of the time) and validating overlap. An unreadable file is an
    /// <see cref="ImmutaPayloadException"/>, as with <see cref="Read"/>.
    /// </summary>
    public static IReadOnlyList<PayloadValidationResult> Validate(string path, PayloadValidationOptions? options = null)
    {
        const int BatchSize = 512;
        // The environment does not change during one validation; each variable is looked up once.
        options = (options ?? PayloadValidationOptions.Default).WithSecretsResolvedOnce();
        var batches = new List<Task<PayloadValidationResult[]>>();
        var batch = new List<PayloadDocument>(BatchSize);
        PayloadValidationResult[] ValidateAll(List<PayloadDocument> documents) =>
            documents.Select(document => PayloadValidator.Validate(document, options)).ToArray();
        void Validated(PayloadDocument document)
        {
            batch.Add(document);
            if (batch.Count < BatchSize) return;
            List<PayloadDocument> full = batch;
            // A vault answers only on this thread: then every batch is validated here.
            batches.Add(options.CheckSecretReferences && options.Secrets.NeedsCallingThread ? Task.FromResult(ValidateAll(full)) : Task.Run(() => ValidateAll(full)));
            batch = new List<PayloadDocument>(BatchSize);
        }
        try
        {
            Parse(ReadBytes(path), Path.GetFullPath(path), Validated);
        }
        catch
        {
            // Unreadable after all: what was validated is dropped (the batches end on their own).
            foreach (Task task in batches) task.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw;
        }
        PayloadValidationResult[] last = ValidateAll(batch);
        var results = new List<PayloadValidationResult>(batches.Count * BatchSize + last.Length);
        foreach (Task<PayloadValidationResult[]> task in batches) results.AddRange(task.GetAwaiter().GetResult());
        results.AddRange(last);
        return results;
    }

    private static byte[] ReadBytes(string path)
    {
        string full = Path.GetFullPath(path);
        var file = new FileInfo(full);
        if (!file.Exists)
        {
            string reason = Directory.Exists(full) ? "is a folder, not a payload file" : "does not exist";
            throw new ImmutaPayloadException($"{full} {reason}.",
                Directory.Exists(full) ? ImmutaErrorId.PayloadFileInvalid : ImmutaErrorId.PayloadFileNotFound, full);
        }
        if (file.Length > MaxBytes)
        {
            throw Invalid(full, $"is {file.Length / (1024.0 * 1024.0):0.0} MB; payload files are limited to {MaxBytes / (1024 * 1024)} MB.");
        }
        return File.ReadAllBytes(full);
    }

    // Parses a file, handing each payload to `read` (when given) as soon as it is read and named: the first waits
    // for the second, since a file of one payload is named alone and a list's first is "(item 1)".
    private static IReadOnlyList<PayloadDocument> Parse(byte[] bytes, string file, Action<PayloadDocument>? read)
    {
        string text = Decode(bytes, file);
        if (string.IsNullOrWhiteSpace(text)) throw Invalid(file, "is empty: it should hold a payload (type, autoBootstrap, config) or a list of them.");
        bool json = IsJson(file, text);
        if (!json && IsOnlyComments(text))
        {
            throw Invalid(file, "holds no payload, only comments: it should hold a payload (type, autoBootstrap, config) or a list of them.");
        }
        SourceMap map = SourceMap.For(text);
        var documents = new List<PayloadDocument>();
        (object? Root, (int, int) Entries)? first = null;
        void Add(PayloadDocument document)
        {
            documents.Add(document);
            read?.Invoke(document);
        }
        void Found(object? root, int entry)
        {
            (int, int) entries = (entry, map.Count);
            if (documents.Count == 0 && first is null)
            {
                first = (root, entries);
                return;
            }
            if (first.HasValue)
            {
                Add(new PayloadDocument(first.Value.Root, $"{file} (item 1)", file, map, first.Value.Entries));
                first = null;
            }
            Add(new PayloadDocument(root, $"{file} (item {documents.Count + 1})", file, map, entries));
        }
        try
        {
            if (json)
            {
                JsonPayloadReader.Read(text, map, Found);
            }
            else
            {
                using (var reader = new StringReader(text)) YamlPayloadReader.Read(reader, map, Found);
            }
        }
        catch (JsonReaderException e)
        {
            // Newtonsoft counts the column from 0 at the start of a line, and has no position at all (line 0)
            // for an error about the whole text.
            int? line = e.LineNumber > 0 ? e.LineNumber : (int?)null;
            throw Invalid(file, $"is not valid JSON: {Sentence(StripPosition(e.Message))}", line, line is null ? (int?)null : Math.Max(1, e.LinePosition), e);
        }
        catch (YamlException e)
        {
            (int line, int column) = TabPosition(text, e) ?? ((int)e.Start.Line, (int)e.Start.Column);
            throw Invalid(file, $"is not valid YAML: {Sentence(YamlMessage(e))}", line, column, e);
        }
        if (first.HasValue) Add(new PayloadDocument(first.Value.Root, file, file, map, first.Value.Entries));
        return documents;
    }

    private static string Decode(byte[] bytes, string file)
    {
        // UTF-16 with its byte order mark is what Windows PowerShell 5.1 writes (Out-File, '>'); its zero bytes are text.
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            try
            {
                return new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }
            catch (DecoderFallbackException e)
            {
                throw Invalid(file, "is not UTF-16 text, though it starts like it.", innerException: e);
            }
        }
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0) throw Invalid(file, $"is not a text file (it holds binary data at byte {nul}).");
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw Invalid(file, $"is not UTF-8 text (invalid bytes at byte {e.Index}).", innerException: e);
        }
    }

    private static bool IsJson(string file, string text)
    {
        string extension = Path.GetExtension(file);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase)) return true;
        if (extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)) return false;
        // Any other name: JSON when it looks like JSON (YAML is a superset, but JSON's errors are clearer).
        string start = text.TrimStart();
        return start.StartsWith("{", StringComparison.Ordinal) || start.StartsWith("[", StringComparison.Ordinal);
    }

    // Looks at the first character of each line that has one, and stops at the first that is not '#' (a long
    // file is not split into lines for this).
    private static bool IsOnlyComments(string text)
    {
        bool lineStart = true;
        foreach (char c in text)
        {
            if (c == '\n') lineStart = true;
            else if (lineStart && !char.IsWhiteSpace(c))
            {
                if (c != '#') return false;
                lineStart = false;
            }
        }
        return true;
    }

    // YamlDotNet places some tab errors where the enclosing mapping starts; the tab is on the first line at or
    // after that place whose indentation holds one.
    private static (int Line, int Column)? TabPosition(string text, YamlException e)
    {
        if (e.Message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) < 0) return null;
        string[] lines = text.Split('\n');
        for (int i = Math.Max(0, (int)e.Start.Line - 1); i < lines.Length; i++)
        {
            string line = lines[i];
            int indentation = line.Length - line.TrimStart(' ', '\t').Length;
            int tab = line.IndexOf('\t', 0, indentation);
            if (tab >= 0) return (i + 1, tab + 1);
        }
        return null;
    }

    private static ImmutaPayloadException Invalid(string file, string what, int? line = null, int? column = null, Exception? innerException = null)
    {
        string where = line is int l ? $"{file}:{l}:{column ?? 1}" : file;
        return new ImmutaPayloadException($"{where}: the file {what}", ImmutaErrorId.PayloadFileInvalid, file, line, column, innerException: innerException);
    }

    // YamlDotNet says "While scanning a plain scalar, ..."; keep its words, drop the redundant positions.
    private static string YamlMessage(YamlException e)
    {
        string message = e.InnerException is YamlException inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : e.Message;
        return StripPosition(message.Replace("\t", "\\t"));
    }

    private static string StripPosition(string message)
    {
        int marker = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (marker > 0) message = message.Substring(0, marker);
        marker = message.IndexOf("(Line:", StringComparison.Ordinal);
        if (marker > 0) message = message.Substring(0, marker);
        return message.Trim();
    }

    private static string Sentence(string text)
    {
        text = text.Trim().TrimEnd(',');
        if (text.Length == 0) return "it cannot be read.";
        return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
    }
}
