using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Security;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Payloads.Validation;

/// <summary>
/// Every string in a config, declared field or not, is text a person or a file could hold: no NUL or other C0
/// control characters, nor DEL (tabs and line breaks are fine, a PEM key has them), and not beyond
/// <see cref="PayloadValidator.MaxStringLength"/> characters. Such a value is a corrupt file or a mistake, and
/// sending it would at best earn an unhelpful 400.
/// </summary>
internal static class ConfigTextRule
{
    /// <summary>One string that breaks the rule: where, what was expected, what was found (a secret not shown).</summary>
    public readonly struct Problem
    {
        public Problem(string path, string expected, string found)
        {
            Path = path;
            Expected = expected;
            Found = found;
        }

        public string Path { get; }

        public string Expected { get; }

        public string Found { get; }
    }

    /// <summary>The strings under <paramref name="value"/> (found at <paramref name="path"/>) that break the rule, in order.</summary>
    public static IReadOnlyList<Problem> Check(object? value, string path, IntegrationType type)
    {
        var problems = new List<Problem>();
        Collect(value, path, type, problems);
        return problems;
    }

    private static void Collect(object? value, string path, IntegrationType type, List<Problem> problems)
    {
        switch (value)
        {
            case OrderedDictionary map:
                foreach (DictionaryEntry entry in map) Collect(entry.Value, path + "." + (string)entry.Key, type, problems);
                return;
            case object?[] items:
                for (int i = 0; i < items.Length; i++) Collect(items[i], $"{path}[{i}]", type, problems);
                return;
            case SecureString protectedText:
                // Looked at for the moment of the check, as when it is sent; never shown.
                Judge(SecretText.Reveal(protectedText), path, true, problems);
                return;
            case string text:
                Judge(text, path, type.FindField(path.Substring("config.".Length))?.Secret == true, problems);
                return;
        }
    }

    private static void Judge(string text, string path, bool secret, List<Problem> problems)
    {
        if (text.Length > PayloadValidator.MaxStringLength)
        {
            problems.Add(new Problem(path, $"a string of at most {PayloadValidator.MaxStringLength} characters", $"{text.Length} characters"));
            return;
        }
        int at = IndexOfControl(text);
        if (at >= 0)
        {
            string which = text[at] == '\0' ? "a NUL character" : $"the control character U+{(int)text[at]:X4}";
            string found = $"{which} at position {at + 1}{(secret ? " (a secret, not shown)" : string.Empty)}";
            problems.Add(new Problem(path, "text without control characters", found));
        }
    }

    private static int IndexOfControl(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if ((c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == '\u007f') return i;
        }
        return -1;
    }
}
