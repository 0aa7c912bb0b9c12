using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>An integration written as a payload file: its name, its text and the variables its secrets refer to.</summary>
public sealed class ExportedIntegration
{
    public ExportedIntegration(string fileName, string text, IReadOnlyList<string> variables)
    {
        FileName = fileName;
        Text = text;
        Variables = variables;
    }

    public string FileName { get; }

    public string Text { get; }

    public IReadOnlyList<string> Variables { get; }
}

/// <summary>
/// Writes integrations as payload files that create them again: the type, autoBootstrap and the config as
/// Immuta shows it, every secret (which Immuta shows only as &lt;REDACTED&gt;) written as a <c>${env:NAME}</c>
/// reference with a name made from the type, target and field. The same integration always gives the same text.
/// </summary>
public static class IntegrationExporter
{
    /// <summary>The folder, beside the files, that holds the JSON Schemas they name.</summary>
    public const string SchemaFolder = "schemas";

    public static ExportedIntegration Export(IntegrationType type, Integration integration)
    {
        var variables = new List<string>();
        OrderedDictionary? config = null;
        if (type.HasConfig)
        {
            config = ConfigDictionary.Create();
            Copy(type, integration.Config, config, string.Empty, integration.Config, variables);
        }
        OrderedDictionary document = PayloadWriter.Document(type.Name, type.HasConfig ? integration.AutoBootstrap : null, config);
        // A type the module does not know has no schema of its own: the file names the one any payload follows.
        string schema = type.IsKnown ? PayloadSchemas.FileName(type) : PayloadSchemas.AnyFileName;
        string text = PayloadWriter.ToYaml(document, $"./{SchemaFolder}/{schema}");
        return new ExportedIntegration(IntegrationTargets.FileName(type, integration.Config), text, variables);
    }

    // Copies the config, every secret (a secret field, or any value Immuta shows as <REDACTED>) becoming a reference.
    private static void Copy(IntegrationType type, OrderedDictionary from, OrderedDictionary to, string prefix, OrderedDictionary root, List<string> variables)
    {
        foreach (DictionaryEntry entry in from)
        {
            string key = (string)entry.Key;
            string path = prefix + key;
            bool secret = PayloadRedaction.IsSecret(type, path) || (entry.Value is string shown && shown == PayloadRedaction.Redacted);
            if (secret && !(entry.Value is OrderedDictionary))
            {
                if (entry.Value is null) continue;
                string variable = IntegrationTargets.VariableName(type, root, path);
                variables.Add(variable);
                to[key] = SecretReferences.For(variable);
            }
            else if (entry.Value is OrderedDictionary block)
            {
                var copy = ConfigDictionary.Create();
                Copy(type, block, copy, path + ".", root, variables);
                to[key] = copy;
            }
            else
            {
                to[key] = PlainValues.DeepCopy(entry.Value);
            }
        }
    }
}
