using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads.Writing;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Export-ImmutaIntegration: writes one YAML payload file per integration into a folder (with the JSON Schemas
/// the files name, in its schemas folder), every secret a reference: ${env:NAME}, or with -SecretReference a file
/// (${file:secrets/NAME.txt}) or a vault's secret (${secret:[VAULT/]NAME}). The files create the same integrations
/// again with Sync-ImmutaIntegration; exporting twice writes the same files.
/// </summary>
[Cmdlet(VerbsData.Export, "ImmutaIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = AllSet)]
[OutputType(typeof(IntegrationExportFile))]
public sealed class ExportImmutaIntegrationCommand : ConnectedCmdlet
{
    public const string AllSet = "All";
    public const string IdSet = "Id";

    /// <summary>The folder to write into; it is created if needed.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Only these integrations (by id; Get-ImmutaIntegration output binds by property name).</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string[] Id { get; set; } = new string[0];

    /// <summary>Only integrations whose type matches one of these (wildcards allowed, case-insensitive).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationTypeCompleter))]
    public string[]? Type { get; set; }

    /// <summary>
    /// How each secret is written: Environment (${env:NAME}, the default), File (${file:secrets/NAME.txt}, a file beside the
    /// payload file, not written) or Vault (${secret:NAME}, a secret of SecretManagement).
    /// </summary>
    [Parameter]
    [ValidateSet("Environment", "File", "Vault")]
    public string SecretReference { get; set; } = "Environment";

    /// <summary>With -SecretReference Vault: the vault the references name (${secret:VAULT/NAME}); without it, every registered vault is searched.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretVault { get; set; }

    private readonly List<string> _ids = new List<string>();
    private ImmutaConnection? _connection;

    protected override void ProcessRecord()
    {
        _connection ??= ResolveConnection();
        if (ParameterSetName == IdSet) _ids.AddRange(Id);
    }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        // A vault name no reference can hold is refused before anything is read.
        try
        {
            ExportReferences.Of(SecretReference, SecretVault);
        }
        catch (ImmutaRefusedException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, SecretVault));
        }
    }

    protected override void EndProcessing()
    {
        if (_connection is null) return;
        ImmutaConnection connection = _connection;
        var api = Connections.Api(connection, Output);
        TypeFilter? types = TypeFilter.From(Type);
        ExportReferences references = ExportReferences.Of(SecretReference, SecretVault);
        // Each integration becomes its file's text on the pipeline thread as it arrives, while the rest are still read.
        var drafts = new List<ExportDraft>();
        void Draft(Integration integration)
        {
            if (types != null && !types.Matches(integration.Type)) return;
            ExportDraft? draft = ExportFolder.Draft(integration, unknown => Warnings.Write(this,
                $"Integration {unknown.Id} is of a type this module does not know ({unknown.Type}): "
                + "it is exported as it is, unchecked, its secrets recognised by their names only."), references);
            if (draft != null) drafts.Add(draft);
        }
        if (ParameterSetName == IdSet)
        {
            RunForEach(_ids.Distinct(StringComparer.Ordinal).ToArray(), api.GetIntegrationAsync,
                integration => Output.Invoke(() => Draft(integration)), DefaultThrottleLimit);
        }
        else
        {
            Run(cancellation => api.GetIntegrationsAsync(integration => Output.Invoke(() => Draft(integration)), cancellation));
        }
        string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        IReadOnlyList<ExportFile> files = ExportFolder.Plan(drafts, folder);
        bool exportedAny = false;
        bool folderMade = false;
        foreach (ExportFile file in files)
        {
            if (file.Changed)
            {
                if (!ShouldProcess(file.Path, $"Write {file.Type.Name} integration {file.Integration.Id} ({file.Target})")) continue;
                if (!TryWrite(file.Path, () =>
                {
                    if (!folderMade) folderMade = Directory.CreateDirectory(folder).Exists;
                    TextFiles.Write(file.Path, file.Exported.Text);
                })) continue;
            }
            exportedAny = true;
            WriteObject(new IntegrationExportFile
            {
                Id = file.Integration.Id,
                Type = file.Type.Name,
                Target = file.Target,
                Path = file.Path,
                References = file.Exported.References.ToArray(),
                Variables = file.Exported.Variables.ToArray(),
                Changed = file.Changed,
            });
        }
        // A full export: an exported file left from an integration that is gone would create it again on the next sync.
        if (ParameterSetName != IdSet && types is null)
        {
            foreach (string stale in ExportFolder.Stale(folder, files))
            {
                Warnings.Write(this, $"{stale} was exported before but describes no integration Immuta has now: "
                    + "delete it, or Sync-ImmutaIntegration will create that integration again.");
            }
        }
        // The schemas the files name (./schemas/<type>.schema.json), so editors check them wherever the folder goes.
        string schemas = System.IO.Path.Combine(folder, IntegrationExporter.SchemaFolder);
        if (exportedAny && ShouldProcess(schemas, "Write the JSON Schemas the files name")) TryWrite(schemas, () => PayloadSchemas.WriteAll(schemas));
    }

    private bool TryWrite(string path, Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, ImmutaErrorId.ExportFileNotWritten, ErrorCategory.WriteError, path));
            return false;
        }
    }
}
