using System.Globalization;
using System.Text.RegularExpressions;

namespace ImmutaIntegrations.Core.Payloads.Reading;

/// <summary>
/// How a plain (unquoted) YAML scalar reads: YAML 1.2's core schema, so <c>yes</c> stays a string and
/// <c>0123</c> is a number. Quoted scalars are always strings.
/// </summary>
internal static class Scalars
{
    private static readonly Regex Integer = new Regex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Float = new Regex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static object? Resolve(string text)
    {
        switch (text)
        {
            case "":
            case "~":
            case "null":
            case "Null":
            case "NULL":
                return null;
            case "true":
            case "True":
            case "TRUE":
                return true;
            case "false":
            case "False":
            case "FALSE":
                return false;
        }
        char first = text[0];
        if (first != '-' && first != '+' && first != '.' && (first < '0' || first > '9')) return text;
        if (Integer.IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole)) return whole;
        if (Float.IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return number;
        return text;
    }

    /// <summary>Whether a string would read back as the same string if written as a plain scalar.</summary>
    public static bool ReadsAsString(string text) => text.Length > 0 && Resolve(text) is string same && same == text;
}
