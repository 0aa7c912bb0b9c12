using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Completion;

/// <summary>
/// Completes integration types: the API's names, matched also by their short names (S3, BigQuery,
/// Synapse, Starburst), quoted when they hold a space. Never throws.
/// </summary>
public sealed class IntegrationTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
        return IntegrationTypes.All
            .Where(type => pattern.IsMatch(type.Name) || pattern.IsMatch(type.Slug) || type.Aliases.Any(pattern.IsMatch))
            .Select(type => new CompletionResult(
                type.Name.Contains(" ") ? $"'{type.Name}'" : type.Name,
                type.Name,
                CompletionResultType.ParameterValue,
                $"{type.DisplayName}{(type.Aliases.Count > 0 ? " (also " + string.Join(", ", type.Aliases) + ")" : string.Empty)}"))
            .ToArray();
    }
}
