using System;
using System.IO;
using System.Management.Automation;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Get-ImmutaIntegrationScript: a setup script of a manual setup, split into the statements the module
/// runs. Edit and Delete are for an integration (-Id; Edit also takes the new payload); the others take a
/// payload. A kind the type does not have is refused before anything is sent.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ImmutaIntegrationScript", DefaultParameterSetName = PayloadSet)]
[OutputType(typeof(IntegrationScript))]
public sealed class GetImmutaIntegrationScriptCommand : ConnectedCmdlet
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
    // default, no longer binds piped payloads). ProcessRecord says which kinds need the payload.
    /// <summary>The payload, for every kind but Delete.</summary>
    [Parameter(ParameterSetName = PayloadSet, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public object? Payload { get; set; }

    /// <summary>Also write the script's text to this file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        IntegrationScriptKind kind = KindValue;
        string? id = Id;
        bool forIntegration = kind == IntegrationScriptKind.Edit || kind == IntegrationScriptKind.Delete;
        bool fromFile = ParameterSetName == PathSet;
        PreparedPayload? payload = null;
        bool ready = TryItem(() =>
        {
            if (forIntegration && string.IsNullOrEmpty(id)) throw new ArgumentException($"The {kind} script is for an integration: give its -Id.");
            if (kind == IntegrationScriptKind.Delete)
            {
                // A piped Integration gives its id (by property name); it is not a payload here.
                bool pipedIntegration = (Payload is PSObject wrapped ? wrapped.BaseObject : Payload) is Integration;
                if (fromFile || (Payload != null && !pipedIntegration)) throw new ArgumentException("The Delete script takes no payload: give only -Id.");
            }
            else
            {
                if (!fromFile && Payload is null) throw new ArgumentException($"The {kind} script needs the payload (-Path or -Payload).");
                payload = PayloadInput.Single(this, fromFile ? Path : null, Payload, "the payload");
                ChangeRules.CheckScript(payload.Type, kind);
            }
        }, (object?)id ?? Payload);
        if (!ready) return;
        var api = Connections.Api(connection, Output);
        string? file = OutFile is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
        Run(cancellation => TryItemAsync(async () =>
        {
            IntegrationType type = payload?.Type ?? ChangeRules.TypeOf(await api.GetIntegrationAsync(id!, cancellation).ConfigureAwait(false));
            ChangeRules.CheckScript(type, kind);
            string text = await api.GetScriptAsync(kind, forIntegration ? id : null, payload, cancellation).ConfigureAwait(false);
            var script = new IntegrationScript
            {
                Kind = kind,
                Type = type.Name,
                IntegrationId = forIntegration ? id! : string.Empty,
                Text = text,
                Statements = ScriptRunner.Statements(text),
            };
            if (file != null) WriteFile(file, text);
            Output.Object(script);
        }, (object?)id ?? kind));
    }

    // A file that cannot be written is this script's failure, said as a bad -OutFile.
    private static void WriteFile(string file, string text)
    {
        try
        {
            TextFiles.Write(file, text);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new ArgumentException($"Cannot write {file}: {e.Message}", e);
        }
    }
}
