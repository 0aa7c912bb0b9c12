using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>An integration as an export writes it, before its file is named.</summary>
public sealed class ExportDraft
{
    public ExportDraft(Integration integration, IntegrationType type, ExportedIntegration exported)
    {
        Integration = integration;
        Type = type;
        Exported = exported;
    }

    public Integration Integration { get; }

    public IntegrationType Type { get; }

    public ExportedIntegration Exported { get; }
}

/// <summary>One file an export writes (or finds already as it would write it).</summary>
public sealed class ExportFile
{
    public ExportFile(ExportDraft draft, string path, bool changed)
    {
        Draft = draft;
        Path = path;
        Changed = changed;
    }

    public ExportDraft Draft { get; }

    public Integration Integration => Draft.Integration;

    public IntegrationType Type => Draft.Type;

    public ExportedIntegration Exported => Draft.Exported;

    public string Path { get; }

    /// <summary>The file is missing or says something else: it is to be written.</summary>
    public bool Changed { get; }

    public string Target => IntegrationTargets.Describe(Type, Integration.Config);
}

/// <summary>
/// What exporting integrations into a folder writes: one file per integration, named for its type and target (two
/// that would take the same name are told apart by id, in id order, so the same tenant always gives the same files),
/// and which files left there by an earlier export describe no integration any more.
/// </summary>
public static class ExportFolder
{
    /// <summary>
    /// An integration as its file would say it (the name still to be settled among the others'), or null for one on its
    /// way out (deleting or deleted), which an export leaves out.
    /// </summary>
    /// <param name="unknown">
    /// Told of an integration of a type the module does not know: it is exported as plain data, every value whose name
    /// says it is a secret (or that Immuta shows as &lt;REDACTED&gt;) as a reference.
    /// </param>
    /// <param name="references">The kind of reference written for each secret; <see cref="ExportReferences.Environment"/> when null.</param>
    public static ExportDraft? Draft(Integration integration, Action<Integration> unknown, ExportReferences? references = null)
    {
        if (IntegrationPlanner.IsLeaving(integration)) return null;
        IntegrationType type = IntegrationTypes.ResolveOrUnknown(integration.Type);
        if (!type.IsKnown) unknown(integration);
        return new ExportDraft(integration, type, IntegrationExporter.Export(type, integration, references));
    }

    /// <summary>The files for the drafts, in id order, each named and compared with what the folder holds.</summary>
    public static IReadOnlyList<ExportFile> Plan(IEnumerable<ExportDraft> drafts, string folder)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var files = new List<ExportFile>();
        // In a folder that is not there yet, every file is new: none is looked for.
        bool folderExists = Directory.Exists(folder);
        foreach (ExportDraft draft in drafts.OrderBy(d => d.Integration.Id, IntegrationIdOrder.Instance))
        {
            string name = draft.Exported.FileName;
            if (!names.Add(name))
            {
                name = System.IO.Path.GetFileNameWithoutExtension(name) + "-" + draft.Integration.Id + ".yaml";
                names.Add(name);
            }
            string file = System.IO.Path.Combine(folder, name);
            bool changed = !folderExists || !TextFiles.Holds(file, draft.Exported.Text);
            files.Add(new ExportFile(draft, file, changed));
        }
        return files;
    }

    /// <summary>
    /// The payload files an earlier export left in the folder that none of <paramref name="files"/> is: each would
    /// create its integration again on the next sync. Only files an export wrote (they name its schemas) are listed.
    /// </summary>
    public static IReadOnlyList<string> Stale(string folder, IEnumerable<ExportFile> files)
    {
        if (!Directory.Exists(folder)) return Array.Empty<string>();
        var current = new HashSet<string>(files.Select(f => System.IO.Path.GetFileName(f.Path)), StringComparer.OrdinalIgnoreCase);
        string marker = $"# yaml-language-server: $schema=./{IntegrationExporter.SchemaFolder}/";
        return Directory.EnumerateFiles(folder, "*.yaml")
            .Where(f => !current.Contains(System.IO.Path.GetFileName(f)))
            .Where(f => File.ReadLines(f).FirstOrDefault()?.StartsWith(marker, StringComparison.Ordinal) ?? false)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
    }
}
