using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Core.Payloads.Redaction;

/// <summary>
/// Where a config holds a secret's value rather than a reference to it: every value <see cref="PayloadRedaction"/> would
/// hide. Asking the redaction, rather than the type's list of secrets, keeps the two in step: whatever would be shown as
/// &lt;REDACTED&gt; (a known secret, a secret block's every value, a field of an unknown type named like a secret) is found.
/// </summary>
internal static class SecretLiterals
{
    public const string Expected = "a ${env:NAME} reference";

    public const string Found = "a secret written in plain text";

    /// <summary>Each value written in plain text, and the message that says so and suggests a reference to write instead.</summary>
    public static IEnumerable<(string Path, string Message)> Problems(IntegrationType type, OrderedDictionary config)
    {
        foreach (string path in Find(type, config))
        {
            string variable = Plans.IntegrationTargets.VariableName(type, config, path.Substring("config.".Length));
            yield return (path, $"{path} is a secret written in plain text, and a saved plan holds no secret: write it as a reference such as "
                + $"${{env:{variable}}}, and set that variable where the plan is applied.");
        }
    }

    /// <summary>The paths (<c>config.password</c>, <c>config.privateKey.content</c>) of the values written in plain text.</summary>
    public static IEnumerable<string> Find(IntegrationType type, OrderedDictionary config) =>
        Differences(config, PayloadRedaction.Redact(type, config), "config");

    private static IEnumerable<string> Differences(object? given, object? shown, string path)
    {
        switch (given)
        {
            case OrderedDictionary map when shown is OrderedDictionary shownMap:
                foreach (DictionaryEntry entry in map)
                {
                    foreach (string found in Differences(entry.Value, shownMap[entry.Key], path + "." + entry.Key)) yield return found;
                }
                break;
            case object?[] items when shown is object?[] shownItems:
                // A list is reported once, where it stands: positions are known for fields, not for a list's items.
                for (int i = 0; i < items.Length; i++)
                {
                    foreach (string _ in Differences(items[i], shownItems[i], path))
                    {
                        yield return path;
                        yield break;
                    }
                }
                break;
            default:
                if (!Equals(given, shown)) yield return path;
                break;
        }
    }
}
