using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Text;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>
/// Which integration a payload or an integration is about, for matching files with what Immuta has: its type
/// and the values of its type's <see cref="IntegrationType.PlanKey"/> fields (host, workspace URL, dataset and
/// location, S3 path). Hosts and URLs match ignoring case and a trailing '/'.
/// </summary>
public static class IntegrationTargets
{
    /// <summary>The matching key: equal keys are the same integration.</summary>
    public static string Key(IntegrationType type, OrderedDictionary? config) =>
        type.Name + "|" + string.Join("|", type.PlanKey.Select(field => Normalize(Value(config, field))));

    /// <summary>The target in words: <c>acme.snowflakecomputing.com</c>, <c>sales in US</c>; the type's name for Trino.</summary>
    public static string Describe(IntegrationType type, OrderedDictionary? config)
    {
        if (type.PlanKey.Count == 0) return $"the {type.Name} integration";
        string[] values = type.PlanKey.Select(field => Value(config, field)).Select(v => string.IsNullOrEmpty(v) ? "(none)" : v!).ToArray();
        return values.Length == 2 && type.PlanKey[1] == "location" ? $"{values[0]} in {values[1]}" : string.Join(" ", values);
    }

    /// <summary>
    /// The integration in words, for confirmations and messages: <c>Snowflake integration on acme.snowflakecomputing.com</c>,
    /// <c>the Trino integration</c>.
    /// </summary>
    public static string Phrase(IntegrationType type, OrderedDictionary? config) =>
        type.PlanKey.Count == 0 ? Describe(type, config) : $"{type.Name} integration on {Describe(type, config)}";

    /// <summary>A file name for the integration: <c>snowflake-acme.us-east-1.snowflakecomputing.com.yaml</c>, <c>trino.yaml</c>.</summary>
    public static string FileName(IntegrationType type, OrderedDictionary? config)
    {
        if (type.PlanKey.Count == 0) return type.Slug + ".yaml";
        string target = string.Join("-", type.PlanKey.Select(field => Value(config, field) ?? string.Empty));
        return type.Slug + "-" + Sanitize(target, lower: true, keep: ".-_", separator: '-') + ".yaml";
    }

    /// <summary>
    /// The environment variable an exported secret refers to: <c>IMMUTA_SNOWFLAKE_ACME_US_EAST_1_SNOWFLAKECOMPUTING_COM_PASSWORD</c>
    /// (type, target and field, upper case, every other character an underscore).
    /// </summary>
    public static string VariableName(IntegrationType type, OrderedDictionary? config, string fieldPath) =>
        SecretName(type, config, fieldPath, '_').ToUpperInvariant();

    /// <summary>
    /// The name an exported secret takes in a vault or as a file: <c>immuta-snowflake-acme-us-east-1-snowflakecomputing-com-password</c>,
    /// the variable's name in lower case with dashes, since some vaults (Azure Key Vault) take only letters, digits and dashes.
    /// </summary>
    public static string SecretName(IntegrationType type, OrderedDictionary? config, string fieldPath) =>
        SecretName(type, config, fieldPath, '-').ToLowerInvariant();

    // Type, target and field, every character but a letter or digit (or the separator itself) one separator.
    private static string SecretName(IntegrationType type, OrderedDictionary? config, string fieldPath, char separator)
    {
        string joint = separator.ToString();
        string target = type.PlanKey.Count == 0 ? string.Empty : string.Join(joint, type.PlanKey.Select(field => Value(config, field) ?? string.Empty));
        string name = string.Join(joint, new[] { "IMMUTA", type.Slug, target, fieldPath }.Where(part => part.Length > 0));
        return Sanitize(name, lower: false, keep: joint, separator: separator);
    }

    /// <summary>Whether two values of a target field (a host, a URL) name the same target.</summary>
    public static bool SameTarget(object? a, object? b) =>
        string.Equals(Normalize(a as string ?? a?.ToString()), Normalize(b as string ?? b?.ToString()), StringComparison.Ordinal);

    private static string? Value(OrderedDictionary? config, string field) =>
        config is null ? null
            : PlainValues.Get(config, field) is object value ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static string Normalize(string? value) => (value ?? string.Empty).Trim().TrimEnd('/').ToLowerInvariant();

    // Letters and digits kept, the characters in `keep` too; anything else becomes one separator; no separator
    // at either end. A scheme (s3://, https://) is dropped first.
    private static string Sanitize(string text, bool lower, string keep, char separator)
    {
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text.Substring(0, scheme) + "-" + text.Substring(scheme + 3);
        var result = new StringBuilder(text.Length);
        foreach (char c in lower ? text.ToLowerInvariant() : text)
        {
            bool kept = (c < 128 && char.IsLetterOrDigit(c)) || keep.IndexOf(c) >= 0;
            char next = kept ? c : separator;
            if (next == separator && (result.Length == 0 || result[result.Length - 1] == separator)) continue;
            result.Append(next);
        }
        return result.ToString().Trim(separator);
    }
}
