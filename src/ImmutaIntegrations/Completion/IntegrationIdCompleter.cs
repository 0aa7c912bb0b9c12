using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ImmutaIntegrations.Completion;

/// <summary>
/// Completes integration ids from the tenant of the command's connection (-Connection on the line, else the
/// current one), in numeric order, matching what was typed as a prefix (wildcards allowed); the tooltip says
/// <c>Snowflake on acme.snowflakecomputing.com, enabled</c>. The listing is cached briefly per connection and
/// read within a short bound; without a connection, or when the tenant does not answer in time, there are no
/// completions. Never throws.
/// </summary>
public sealed class IntegrationIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            ImmutaConnection? connection = IntegrationListCache.ConnectionFor(fakeBoundParameters);
            if (connection is null) return Array.Empty<CompletionResult>();
            string typed = CompletionText.Unquote(wordToComplete, out char quote);
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            return IntegrationListCache.Get(connection)
                .Where(integration => pattern.IsMatch(integration.Id))
                .Select(integration => new CompletionResult(
                    CompletionText.Quote(integration.Id, quote),
                    integration.Id,
                    CompletionResultType.ParameterValue,
                    integration.ToolTip))
                .ToArray();
        }
        catch (Exception)
        {
            // A completer that throws shows nothing anyway, and may print an error in some hosts.
            return Array.Empty<CompletionResult>();
        }
    }
}

/// <summary>The quoting of a completed value.</summary>
internal static class CompletionText
{
    /// <summary>What was typed without its quotes; <paramref name="quote"/> is the opening quote, or '\0'.</summary>
    public static string Unquote(string? word, out char quote)
    {
        string text = word ?? string.Empty;
        quote = text.Length > 0 && (text[0] == '\'' || text[0] == '"') ? text[0] : '\0';
        return text.Trim('\'', '"');
    }

    /// <summary>A value as it completes: in the quote the user opened, else quoted only when it needs it.</summary>
    public static string Quote(string value, char quote)
    {
        if (quote == '\0' && value.IndexOfAny(new[] { ' ', '\t', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '|', '&' }) < 0) return value;
        return quote == '"' ? "\"" + value.Replace("`", "``").Replace("\"", "`\"").Replace("$", "`$") + "\"" : "'" + value.Replace("'", "''") + "'";
    }
}
