using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>One file an export writes (or finds already as it would write it).</summary>
public sealed class ExportFile
{
    public ExportFile(Integration integration, IntegrationType type, string path, ExportedIntegration exported, bool changed)
    {
        Integration = integration;
        Type = type;
        Path = path;
        Exported = exported;
        Changed = changed;
    }

    public Integration Integration { get; }

    public IntegrationType Type { get; }

    public string Path { get; }

    public ExportedIntegration Exported { get; }

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
    /// <summary>The files for the integrations, in id order; those on their way out are left out.</summary>
    /// <param name="unknown">
    /// Told of each integration of a type the module does not know: it is exported as plain data, every value whose name
    /// says it is a secret (or that Immuta shows as &lt;REDACTED&gt;) as a reference.
    /// </param>
    public static IReadOnlyList<ExportFile> Plan(IEnumerable<Integration> integrations, string folder, Action<Integration> unknown)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var files = new List<ExportFile>();
        foreach (Integration integration in integrations.OrderBy(i => i.Id, IntegrationIdOrder.Instance))
        {
            if (IntegrationPlanner.IsLeaving(integration)) continue;
            IntegrationType type = IntegrationTypes.ResolveOrUnknown(integration.Type);
            if (!type.IsKnown) unknown(integration);
            ExportedIntegration exported = IntegrationExporter.Export(type, integration);
            string name = exported.FileName;
            if (!names.Add(name))
            {
                name = System.IO.Path.GetFileNameWithoutExtension(name) + "-" + integration.Id + ".yaml";
                names.Add(name);
            }
            string file = System.IO.Path.Combine(folder, name);
            bool changed = !TextFiles.Holds(file, exported.Text);
            files.Add(new ExportFile(integration, type, file, exported, changed));
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
