using System;
using System.Collections.Generic;
using System.Linq;

namespace ImmutaIntegrations.Core.Secrets;

/// <summary>
/// Finds the references in a payload value. Only <c>${env:</c>, <c>${file:</c> and <c>${secret:</c> begin one; other text,
/// <c>${</c> included, is the value's own. A reference that begins but is not well formed (it does not close, it is empty,
/// a variable's name is not one, a vault's name holds a slash, a reference other than <c>${env:}</c> inside another) is an
/// <see cref="ImmutaPayloadException"/> (<c>SecretReferenceInvalid</c>) saying what is wrong; its message holds the
/// reference as written, never a value.
/// </summary>
public static class SecretReferenceParser
{
    private const string Env = "${env:";
    private const string File = "${file:";
    private const string Secret = "${secret:";
    private static readonly string[] Openers = { Env, File, Secret };

    /// <summary>The forms a reference takes, for messages.</summary>
    public const string Forms = "${env:NAME}, ${file:PATH} or ${secret:NAME} (${secret:VAULT/NAME}, ${secret:NAME#ENTRY})";

    /// <summary>Whether the text may hold a reference (it holds the beginning of one); a cheap test before <see cref="Parse"/>.</summary>
    public static bool MayContain(string? text) => text != null && text.IndexOf("${", StringComparison.Ordinal) >= 0 && Openers.Any(o => text.IndexOf(o, StringComparison.Ordinal) >= 0);

    /// <summary>The references in the text, in order; none when it holds none.</summary>
    public static IReadOnlyList<SecretReference> Parse(string text) => Spans(text).Select(s => s.Reference).ToArray();

    /// <summary>Whether the whole text (but for spaces around it) is one reference, and so names a secret without holding one.</summary>
    public static bool IsWhole(string? text)
    {
        if (!MayContain(text)) return false;
        string trimmed = text!.Trim();
        try
        {
            var spans = Spans(trimmed);
            return spans.Count == 1 && spans[0].Start == 0 && spans[0].End == trimmed.Length;
        }
        catch (ImmutaPayloadException)
        {
            return false;
        }
    }

    /// <summary>The text with each reference replaced by what <paramref name="value"/> gives for it.</summary>
    public static string Replace(string text, Func<SecretReference, string> value)
    {
        if (!MayContain(text)) return text;
        var spans = Spans(text);
        if (spans.Count == 0) return text;
        var result = new System.Text.StringBuilder(text.Length);
        int at = 0;
        foreach (var span in spans)
        {
            result.Append(text, at, span.Start - at).Append(value(span.Reference));
            at = span.End;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    private static List<(int Start, int End, SecretReference Reference)> Spans(string text)
    {
        var spans = new List<(int, int, SecretReference)>();
        int at = 0;
        while (at < text.Length)
        {
            int start = NextOpener(text, at, out string? opener);
            if (start < 0) break;
            int end;
            SecretReference reference = opener == Env ? ReadVariable(text, start, out end)
                : opener == File ? ReadFile(text, start, out end)
                : ReadSecret(text, start, out end);
            spans.Add((start, end, reference));
            at = end;
        }
        return spans;
    }

    private static int NextOpener(string text, int from, out string? opener)
    {
        opener = null;
        int best = -1;
        foreach (string candidate in Openers)
        {
            int found = text.IndexOf(candidate, from, StringComparison.Ordinal);
            if (found >= 0 && (best < 0 || found < best))
            {
                best = found;
                opener = candidate;
            }
        }
        return best;
    }

    private static SecretReference ReadVariable(string text, int start, out int end)
    {
        int close = Close(text, start, Env.Length, nestable: false);
        string name = text.Substring(start + Env.Length, close - start - Env.Length);
        end = close + 1;
        string written = text.Substring(start, end - start);
        if (name.Length == 0) throw Invalid($"{written} names no environment variable");
        if (!IsVariableName(name))
        {
            throw Invalid($"{written}: \"{name}\" is not an environment variable's name (letters, digits and _, not starting with a digit)");
        }
        return new SecretReference(SecretReferenceKind.Environment, written, name);
    }

    private static SecretReference ReadFile(string text, int start, out int end)
    {
        int close = Close(text, start, File.Length, nestable: true);
        end = close + 1;
        string written = text.Substring(start, end - start);
        string path = text.Substring(start + File.Length, close - start - File.Length);
        if (path.Trim().Length == 0) throw Invalid($"{written} names no file");
        var inner = new List<SecretReference>();
        int at = 0;
        while (at < path.Length)
        {
            int nested = NextOpener(path, at, out string? opener);
            if (nested < 0) break;
            if (opener != Env) throw Invalid($"{written}: a file's path may hold ${{env:NAME}} references, but no {opener}...}} reference");
            inner.Add(ReadVariable(path, nested, out at));
        }
        return new SecretReference(SecretReferenceKind.File, written, path, inner: inner);
    }

    private static SecretReference ReadSecret(string text, int start, out int end)
    {
        int close = Close(text, start, Secret.Length, nestable: false);
        end = close + 1;
        string written = text.Substring(start, end - start);
        string body = text.Substring(start + Secret.Length, close - start - Secret.Length);
        string? entry = null;
        int hash = body.IndexOf('#');
        if (hash >= 0)
        {
            entry = body.Substring(hash + 1);
            body = body.Substring(0, hash);
            if (entry.Trim().Length == 0) throw Invalid($"{written} names no entry after #");
        }
        string[] parts = body.Split('/');
        if (parts.Length > 2)
        {
            throw Invalid($"{written}: a vault's name cannot hold a slash; write ${{secret:NAME}} or ${{secret:VAULT/NAME}}");
        }
        string name = parts[parts.Length - 1];
        string? vault = parts.Length == 2 ? parts[0] : null;
        if (vault != null && vault.Trim().Length == 0) throw Invalid($"{written} names no vault before the slash");
        if (name.Trim().Length == 0) throw Invalid($"{written} names no secret");
        return new SecretReference(SecretReferenceKind.Vault, written, name, vault, entry);
    }

    // The index of the } that closes the reference opened at start; inside a file's path, ${env:...} may open and close.
    private static int Close(string text, int start, int openerLength, bool nestable)
    {
        int depth = 0;
        for (int i = start + openerLength; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                if (!nestable) throw Invalid($"{Shown(text, start)} holds another reference (\"${{\") before it closes");
                depth++;
                i++;
                continue;
            }
            if (text[i] != '}') continue;
            if (depth == 0) return i;
            depth--;
        }
        throw Invalid($"{Shown(text, start)} does not close: a }} is missing");
    }

    // A reference that does not close is shown up to its first 60 characters: enough to find it, never the whole value.
    private static string Shown(string text, int start)
    {
        string rest = text.Substring(start);
        return rest.Length <= 60 ? rest : rest.Substring(0, 60) + "...";
    }

    private static bool IsVariableName(string name) =>
        (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => (c < 128 && char.IsLetterOrDigit(c)) || c == '_') && name[0] < 128;

    private static ImmutaPayloadException Invalid(string message) =>
        new ImmutaPayloadException(message, ImmutaErrorId.SecretReferenceInvalid);
}
