using System.Collections.Generic;
using System.Management.Automation;
using ImmutaIntegrations.Completers;
using ImmutaIntegrations.Flows;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Export-ImmutaIntegration: writes one YAML payload file per integration into a folder (with the JSON Schemas
/// the files name, in its schemas folder), every secret a ${env:NAME} reference. The files create the same
/// integrations again with Sync-ImmutaIntegration; exporting twice writes the same files.
/// </summary>
[Cmdlet(VerbsData.Export, "ImmutaIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = AllSet)]
[OutputType(typeof(IntegrationExportFile))]
public sealed class ExportImmutaIntegrationCommand : ImmutaApiCmdlet
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

    private readonly List<string> _ids = new List<string>();
    private ImmutaConnection? _connection;

    protected override void ProcessRecord()
    {
        _connection ??= ResolveConnection();
        if (ParameterSetName == IdSet) _ids.AddRange(Id);
    }

    protected override void EndProcessing()
    {
        if (_connection is null) return;
        ExportFlow.Export(this, _connection, ParameterSetName == IdSet ? _ids.ToArray() : null);
    }
}
