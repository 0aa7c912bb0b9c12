using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using ImmutaIntegrations.Commands;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Flows;

/// <summary>Export-ImmutaIntegration's work: read the integrations, write a file for each, and the schemas they name.</summary>
internal static class ExportFlow
{
    public static void Export(ExportImmutaIntegrationCommand cmdlet, ImmutaConnection connection, string[]? ids)
    {
        var api = Connections.Api(connection, cmdlet);
        var integrations = new List<Integration>();
        if (ids is null)
        {
            cmdlet.Run(cancellation => api.GetIntegrationsAsync(integration => { lock (integrations) integrations.Add(integration); }, cancellation));
        }
        else
        {
            cmdlet.RunForEach(ids.Distinct(StringComparer.Ordinal).ToArray(), api.GetIntegrationAsync, integrations.Add, ImmutaApiCmdlet.DefaultThrottleLimit);
        }
        TypeFilter? types = TypeFilter.From(cmdlet.Type);
        string folder = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(cmdlet.Path);
        // In the order of the ids, so two integrations that would take the same name always get the same files.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool exportedAny = false;
        foreach (Integration integration in integrations.OrderBy(i => i.Id, IntegrationIdOrder.Instance))
        {
            if (types != null && !types.Matches(integration.Type)) continue;
            if (IntegrationPlanner.IsLeaving(integration)) continue;
            IntegrationType? type = IntegrationTypes.Resolve(integration.Type);
            if (type is null)
            {
                cmdlet.Warn($"Integration {integration.Id} is of a type this module does not know ({integration.Type}): it is not exported.");
                continue;
            }
            ExportedIntegration exported = IntegrationExporter.Export(type, integration);
            string name = exported.FileName;
            if (!names.Add(name))
            {
                name = System.IO.Path.GetFileNameWithoutExtension(name) + "-" + integration.Id + ".yaml";
                names.Add(name);
            }
            string file = System.IO.Path.Combine(folder, name);
            string target = IntegrationTargets.Describe(type, integration.Config);
            bool changed = !File.Exists(file) || File.ReadAllText(file) != exported.Text;
            if (changed)
            {
                if (!cmdlet.ShouldProcess(file, $"Write {type.Name} integration {integration.Id} ({target})")) continue;
                try
                {
                    Directory.CreateDirectory(folder);
                    File.WriteAllText(file, exported.Text, new UTF8Encoding(false));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    cmdlet.WriteError(new ErrorRecord(e, ImmutaErrorId.ExportFileNotWritten, ErrorCategory.WriteError, file));
                    continue;
                }
            }
            exportedAny = true;
            cmdlet.WriteObject(new IntegrationExportFile
            {
                Id = integration.Id,
                Type = type.Name,
                Target = target,
                Path = file,
                Variables = exported.Variables.ToArray(),
                Changed = changed,
            });
        }
        // A full export: an exported file left from an integration that is gone would create it again on the next sync.
        if (ids is null && types is null && Directory.Exists(folder))
        {
            foreach (string stale in Directory.EnumerateFiles(folder, "*.yaml").Where(f => !names.Contains(System.IO.Path.GetFileName(f))).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (!File.ReadLines(stale).FirstOrDefault()?.StartsWith($"# yaml-language-server: $schema=./{IntegrationExporter.SchemaFolder}/", StringComparison.Ordinal) ?? true) continue;
                cmdlet.Warn($"{stale} was exported before but describes no integration Immuta has now: delete it, or Sync-ImmutaIntegration will create that integration again.");
            }
        }
        // The schemas the files name (./schemas/<type>.schema.json), so editors check them wherever the folder goes.
        string schemas = System.IO.Path.Combine(folder, IntegrationExporter.SchemaFolder);
        if (exportedAny && cmdlet.ShouldProcess(schemas, "Write the JSON Schemas the files name"))
        {
            try
            {
                PayloadSchemas.WriteAll(schemas);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                cmdlet.WriteError(new ErrorRecord(e, ImmutaErrorId.ExportFileNotWritten, ErrorCategory.WriteError, schemas));
            }
        }
    }
}
