using System.Collections.Specialized;
using System.Globalization;
using System.Security;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Core.Payloads.Validation;

/// <summary>
/// The words validation messages use for values: what a field expects ("an integer from 1 to 65535") and
/// what was found ("'abc' (a string)"). A secret's value is never repeated.
/// </summary>
internal static class ValueWording
{
    /// <summary>What a field takes, e.g. <c>one of userPassword, keyPair</c> or <c>a string starting with '_'</c>.</summary>
    public static string Expected(PayloadField field)
    {
        if (field.Allowed != null) return "one of " + string.Join(", ", field.Allowed);
        if (field.Prefix != null) return $"a string starting with '{field.Prefix}'";
        if (field.Minimum.HasValue && field.Maximum.HasValue) return $"an integer from {field.Minimum} to {field.Maximum}";
        switch (field.Kind)
        {
            case PayloadValueKind.String: return "a string";
            case PayloadValueKind.Integer: return "an integer";
            case PayloadValueKind.Boolean: return "true or false";
            case PayloadValueKind.Object: return "a mapping";
            case PayloadValueKind.Array: return "a list";
            default: return "a string or a mapping";
        }
    }

    /// <summary>What a value is, for messages; a secret's value is never repeated.</summary>
    public static string Describe(object? value, bool secret)
    {
        switch (value)
        {
            case null: return "nothing";
            case string text when secret: return text.Length == 0 ? "an empty string" : "a string (a secret, not shown)";
            case long _ when secret:
            case int _ when secret:
            case double _ when secret:
                return "a number (a secret, not shown)";
            case string text: return text.Length == 0 ? "an empty string" : $"'{Shorten(text)}' (a string)";
            case bool flag: return flag ? "true" : "false";
            case long whole: return whole.ToString(CultureInfo.InvariantCulture) + " (a number)";
            case int whole: return whole.ToString(CultureInfo.InvariantCulture) + " (a number)";
            case double number: return number.ToString("R", CultureInfo.InvariantCulture) + " (a number)";
            case OrderedDictionary _: return "a mapping";
            case object?[] _: return "a list";
            case SecureString _: return "a secure string";
            default: return $"a {value.GetType().Name}";
        }
    }

    /// <summary>Text on one line (line breaks and NULs shown as escapes), cut to 60 characters.</summary>
    private static string Shorten(string text)
    {
        string oneLine = text.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0");
        return oneLine.Length <= 60 ? oneLine : oneLine.Substring(0, 57) + "...";
    }
}
