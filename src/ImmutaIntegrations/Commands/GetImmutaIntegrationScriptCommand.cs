using System;
using System.Management.Automation;
using ImmutaIntegrations.Completers;
using ImmutaIntegrations.Flows;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Get-ImmutaIntegrationScript: a setup script of a manual setup, split into the statements the module
/// runs. Edit and Delete are for an integration (-Id; Edit also takes the new payload); the others take a
/// payload. A kind the type does not have is refused before anything is sent.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ImmutaIntegrationScript", DefaultParameterSetName = PayloadSet)]
[OutputType(typeof(IntegrationScript))]
public sealed class GetImmutaIntegrationScriptCommand : ImmutaApiCmdlet
{
    public const string PathSet = "Path";
    public const string PayloadSet = "Payload";

    /// <summary>
    /// Which script: Create, Edit, Delete, Cleanup, InitialCreate or PostCleanup (see IntegrationScriptKind). A
    /// string, so that completion offers only the kinds of the payload's or integration's type.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ScriptKind]
    [ArgumentCompleter(typeof(ScriptKindCompleter))]
    public string Kind { get; set; } = string.Empty;

    /// <summary>The kind <see cref="Kind"/> names (binding has checked that it names one).</summary>
    internal IntegrationScriptKind KindValue => ScriptKindAttribute.Parse(Kind) ?? throw new ArgumentException($"'{Kind}' is not a script kind.");

    /// <summary>The integration, for Edit and Delete.</summary>
    [Parameter(ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = PayloadSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string? Id { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    // Not mandatory, so that "-Kind Delete -Id 5" binds: a set of its own for -Id alone cannot work, -Id being
    // in every set (PowerShell then picks the default set and asks for a payload, or, were the Id set the
    // default, no longer binds piped payloads). ScriptFlow says which kinds need the payload.
    /// <summary>The payload, for every kind but Delete.</summary>
    [Parameter(ParameterSetName = PayloadSet, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public object? Payload { get; set; }

    /// <summary>Also write the script's text to this file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    protected override void ProcessRecord() => ScriptFlow.Process(this);
}
