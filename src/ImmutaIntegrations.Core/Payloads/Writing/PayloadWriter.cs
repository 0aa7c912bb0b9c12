using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Redaction;
using Newtonsoft.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ImmutaIntegrations.Core.Payloads.Writing;

/// <summary>
/// Writes payloads (or any plain value tree) as YAML or JSON text that reads back to the same values:
/// a string that would read as something else (<c>"123"</c>, <c>"true"</c>, <c>""</c>) is quoted.
/// Secure strings are never written; they come out as &lt;REDACTED&gt;.
/// </summary>
public static class PayloadWriter
{
    /// <summary>A payload document <c>{type, autoBootstrap, config}</c> as a mapping, in the API's order.</summary>
    public static OrderedDictionary Document(string type, bool? autoBootstrap, OrderedDictionary? config)
    {
        OrderedDictionary root = ConfigDictionary.Create();
        root["type"] = type;
        if (autoBootstrap.HasValue) root["autoBootstrap"] = autoBootstrap.Value;
        if (config != null) root["config"] = config;
        return root;
    }

    /// <summary>YAML; <paramref name="schema"/> adds the comment editors read to validate and complete the file.</summary>
    public static string ToYaml(object? value, string? schema = null)
    {
        using (var text = new StringWriter(CultureInfo.InvariantCulture))
        {
            text.NewLine = "\n";
            if (schema != null) text.Write($"# yaml-language-server: $schema={schema}\n");
            var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, isImplicit: true));
            Emit(emitter, value);
            emitter.Emit(new DocumentEnd(isImplicit: true));
            emitter.Emit(new StreamEnd());
            return text.ToString();
        }
    }

    public static string ToJson(object? value) => ToJson(value, Formatting.Indented) + "\n";

    /// <summary>A plain value as JSON on one line, e.g. a value an answer gave in an unexpected shape.</summary>
    public static string ToCompactJson(object? value) => ToJson(value, Formatting.None);

    private static string ToJson(object? value, Formatting formatting)
    {
        using (var text = new StringWriter(CultureInfo.InvariantCulture))
        using (var writer = new JsonTextWriter(text) { Formatting = formatting, Indentation = 2 })
        {
            text.NewLine = "\n";
            WriteJson(writer, value);
            writer.Flush();
            return text.ToString();
        }
    }

    private static void Emit(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case OrderedDictionary map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (DictionaryEntry entry in map)
                {
                    Emit(emitter, (string)entry.Key);
                    Emit(emitter, entry.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case object?[] items:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, items.Length == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (object? item in items) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case string text:
                emitter.Emit(StringScalar(text));
                break;
            case SecureString _:
                emitter.Emit(StringScalar(PayloadRedaction.Redacted));
                break;
            case null:
                emitter.Emit(Plain("null"));
                break;
            case bool flag:
                emitter.Emit(Plain(flag ? "true" : "false"));
                break;
            case double number:
                emitter.Emit(Plain(FloatText(number)));
                break;
            case float number:
                emitter.Emit(Plain(FloatText(number)));
                break;
            case IFormattable whole:
                emitter.Emit(Plain(whole.ToString(null, CultureInfo.InvariantCulture)));
                break;
            default:
                emitter.Emit(StringScalar(value.ToString() ?? string.Empty));
                break;
        }
    }

    // Plain when it reads back as the same string; otherwise quoted (the emitter picks single or double
    // quotes, or a literal block, as the text allows).
    private static Scalar StringScalar(string text)
    {
        ScalarStyle style = text.IndexOf('\n') >= 0 && IsLiteralSafe(text) ? ScalarStyle.Literal
            : Scalars.ReadsAsString(text) && IsPlainSafe(text) ? ScalarStyle.Any
            : ScalarStyle.DoubleQuoted;
        return new Scalar(AnchorName.Empty, TagName.Empty, text, style, style == ScalarStyle.Any, style != ScalarStyle.Any);
    }

    private static Scalar Plain(string text) => new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false);

    // Line breaks of YAML 1.1 that are not '\n' (NEL, LS, PS): a block or plain scalar folds or counts them as
    // line breaks; double quotes write them as escapes.
    private static readonly char[] OtherBreaks = { '\u0085', '\u2028', '\u2029' };

    private static readonly char[] QuotedInPlainText = new[] { '\t', '\r', '\n', '#', '\'', '"' }.Concat(OtherBreaks).ToArray();

    private static readonly char[] FloatMarks = { '.', 'E', 'e' };

    // Leading or trailing blanks, and characters YAML treats specially at the start, are safer quoted.
    private static bool IsPlainSafe(string text) => text.Trim() == text && text.IndexOfAny(QuotedInPlainText) < 0;

    // A literal block of nothing but line breaks reads back as an empty string.
    private static bool IsLiteralSafe(string text) => text.IndexOf('\r') < 0 && text.IndexOf('\t') < 0 && !text.StartsWith(" ", StringComparison.Ordinal)
        && !text.EndsWith(" ", StringComparison.Ordinal) && !text.Contains(" \n") && text.IndexOfAny(OtherBreaks) < 0 && text.Trim('\n').Length > 0;

    private static string FloatText(double number)
    {
        string text = number.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(FloatMarks) < 0 ? text + ".0" : text;
    }

    /// <summary>A plain value tree to a JSON writer (a secure string as &lt;REDACTED&gt;).</summary>
    internal static void WriteJson(JsonWriter writer, object? value)
    {
        switch (value)
        {
            case OrderedDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName((string)entry.Key);
                    WriteJson(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case object?[] items:
                writer.WriteStartArray();
                foreach (object? item in items) WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            case SecureString _:
                writer.WriteValue(PayloadRedaction.Redacted);
                break;
            default:
                writer.WriteValue(value);
                break;
        }
    }
}
