using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Writing;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>An integration written as a payload file: its name, its text, and the references its secrets are written as.</summary>
public sealed class ExportedIntegration
{
    public ExportedIntegration(string fileName, string text, IReadOnlyList<string> references)
    {
        FileName = fileName;
        Text = text;
        References = references;
        Variables = references.SelectMany(SecretReferences.Variables).ToArray();
    }

    public string FileName { get; }

    public string Text { get; }

    /// <summary>The references written for the secrets, in the file's order: <c>${env:NAME}</c>, <c>${file:PATH}</c> or <c>${secret:NAME}</c>.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>The environment variables those references name; none when they are files or a vault's secrets.</summary>
    public IReadOnlyList<string> Variables { get; }
}

/// <summary>
/// Writes integrations as payload files that create them again: the type, autoBootstrap and the config as
/// Immuta shows it, every secret (which Immuta shows only as &lt;REDACTED&gt;) written as a reference with a name made
/// from the type, target and field (<see cref="ExportReferences"/>: <c>${env:NAME}</c> unless told otherwise). The same
/// integration always gives the same text.
/// </summary>
public static class IntegrationExporter
{
    /// <summary>The folder, beside the files, that holds the JSON Schemas they name.</summary>
    public const string SchemaFolder = "schemas";

    /// <param name="references">The kind of reference written for each secret; <see cref="ExportReferences.Environment"/> when null.</param>
    public static ExportedIntegration Export(IntegrationType type, Integration integration, ExportReferences? references = null)
    {
        references ??= ExportReferences.Environment;
        var written = new List<string>();
        OrderedDictionary? config = null;
        if (type.HasConfig)
        {
            config = ConfigDictionary.Create();
            Copy(type, integration.Config, config, string.Empty, integration.Config, references, written);
        }
        OrderedDictionary document = PayloadWriter.Document(type.Name, type.HasConfig ? integration.AutoBootstrap : null, config);
        // A type the module does not know has no schema of its own: the file names the one any payload follows.
        string schema = type.IsKnown ? PayloadSchemas.FileName(type) : PayloadSchemas.AnyFileName;
        string text = PayloadWriter.ToYaml(document, $"./{SchemaFolder}/{schema}");
        return new ExportedIntegration(IntegrationTargets.FileName(type, integration.Config), text, written);
    }

    // Copies the config, every secret (a secret field, or any value Immuta shows as <REDACTED>) becoming a reference.
    private static void Copy(IntegrationType type, OrderedDictionary from, OrderedDictionary to, string prefix, OrderedDictionary root,
        ExportReferences references, List<string> written)
    {
        foreach (DictionaryEntry entry in from)
        {
            string key = (string)entry.Key;
            string path = prefix + key;
            bool secret = PayloadRedaction.IsSecret(type, path) || (entry.Value is string shown && shown == PayloadRedaction.Redacted);
            if (secret && !(entry.Value is OrderedDictionary))
            {
                if (entry.Value is null) continue;
                string reference = references.For(type, root, path);
                written.Add(reference);
                to[key] = reference;
            }
            else if (entry.Value is OrderedDictionary block)
            {
                var copy = ConfigDictionary.Create();
                Copy(type, block, copy, path + ".", root, references, written);
                to[key] = copy;
            }
            else
            {
                to[key] = PlainValues.DeepCopy(entry.Value);
            }
        }
    }
}
