using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Input;

/// <summary>
/// -RotateSecret of Compare- and Sync-ImmutaIntegration: which references' secrets are sent again. Each value is a
/// reference as written (<c>${env:DBX_TOKEN}</c>), or a name with wildcards matched, ignoring case, against what a reference
/// may be called by (<see cref="SecretReference.Names"/>: a variable's, file's or secret's name, <c>VAULT/NAME</c>, a
/// variable inside a file's path); <c>*</c> picks every reference.
/// </summary>
internal sealed class SecretRotationFilter
{
    private readonly string[] _values;
    private readonly WildcardPattern?[] _patterns;

    private SecretRotationFilter(string[] values)
    {
        _values = values;
        _patterns = values.Select(Pattern).ToArray();
    }

    /// <summary>The filter for -RotateSecret's values; null when none were given (no rotation).</summary>
    public static SecretRotationFilter? From(string[]? values)
    {
        string[] given = (values ?? Array.Empty<string>()).Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value.Trim()).ToArray();
        return given.Length == 0 ? null : new SecretRotationFilter(given);
    }

    /// <summary>Whether the reference's secret is sent again: one of the values names it.</summary>
    public bool Picks(SecretReference reference) => Enumerable.Range(0, _values.Length).Any(i => Matches(i, reference));

    /// <summary>
    /// A warning for each value that names no reference in any of the payloads (a typo must not silently rotate nothing),
    /// with the references the files do hold.
    /// </summary>
    public void WarnUnmatched(PSCmdlet cmdlet, IEnumerable<PreparedPayload> payloads)
    {
        SecretReference[] all = payloads.SelectMany(payload => SecretRotation.References(payload.Type.HasConfig ? payload.Config : null))
            .GroupBy(reference => reference.Text, StringComparer.Ordinal).Select(group => group.First()).ToArray();
        for (int i = 0; i < _values.Length; i++)
        {
            int value = i;
            if (all.Any(reference => Matches(value, reference))) continue;
            string held = all.Length == 0 ? "the files hold no secret reference"
                : "the files refer to " + string.Join(", ", all.Take(20).Select(reference => reference.Text)) + (all.Length > 20 ? ", ..." : string.Empty);
            Warnings.Write(cmdlet, $"-RotateSecret '{_values[i]}' names no secret reference in the files, so nothing is sent again for it: {held}.");
        }
    }

    private bool Matches(int index, SecretReference reference) =>
        reference.Names().Any(name => string.Equals(name, _values[index], StringComparison.OrdinalIgnoreCase)
            || (_patterns[index]?.IsMatch(name) ?? false));

    // A value that is no valid pattern (an unclosed '[' in a path) is matched as written only.
    private static WildcardPattern? Pattern(string value)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(value)) return null;
        try
        {
            var pattern = WildcardPattern.Get(value, WildcardOptions.IgnoreCase);
            pattern.IsMatch(string.Empty);
            return pattern;
        }
        catch (WildcardPatternException)
        {
            return null;
        }
    }
}
