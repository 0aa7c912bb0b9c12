using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace ImmutaIntegrations.Core.Payloads;

/// <summary>
/// <c>${env:NAME}</c> in a payload value: the value comes from the environment variable NAME when the
/// payload is sent, so files in source control hold no secrets. Resolved values are never written back.
/// </summary>
public static class SecretReferences
{
    private static readonly Regex Reference = new Regex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant);
    private static readonly Regex Whole = new Regex(@"^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$", RegexOptions.CultureInvariant);

    /// <summary>The reference for an environment variable: <c>${env:NAME}</c>.</summary>
    public static string For(string variable) => "${env:" + variable + "}";

    /// <summary>Whether the whole text is one reference (and so names a secret without holding one).</summary>
    public static bool IsWholeReference(string text) => Whole.IsMatch(text.Trim());

    public static bool Contains(string text) => text.IndexOf("${env:", StringComparison.Ordinal) >= 0 && Reference.IsMatch(text);

    /// <summary>The variables a text refers to, in order.</summary>
    public static IEnumerable<string> Variables(string text)
    {
        foreach (Match match in Reference.Matches(text)) yield return match.Groups[1].Value;
    }

    /// <summary>The text with every reference replaced by its variable's value; a missing variable is an error naming it.</summary>
    public static string Resolve(string text, string path, Func<string, string?> environment)
    {
        if (!Contains(text)) return text;
        return Reference.Replace(text, match =>
        {
            string name = match.Groups[1].Value;
            return environment(name) ?? throw new ImmutaPayloadException(
                $"{path} refers to the environment variable {name}, which is not set; nothing was sent.",
                ImmutaErrorId.SecretReferenceMissing);
        });
    }
}
