using System.Linq;
using System.Management.Automation;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Get-ImmutaIntegration: every integration (streamed as it is read), or those with the given ids;
/// optionally only the types matching -Type.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ImmutaIntegration", DefaultParameterSetName = ListSet)]
[OutputType(typeof(Integration))]
public sealed class GetImmutaIntegrationCommand : ConnectedCmdlet
{
    public const string ListSet = "List";
    public const string IdSet = "Id";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string[] Id { get; set; } = new string[0];

    /// <summary>Only integrations whose type matches one of these (wildcards allowed, case-insensitive).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationTypeCompleter))]
    public string[]? Type { get; set; }

    /// <summary>With -Id: how many integrations are read at the same time (the output keeps the order of the ids).</summary>
    [Parameter(ParameterSetName = IdSet)]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    private TypeFilter? _types;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _types = TypeFilter.From(Type);
    }

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        var api = Connections.Api(connection, Output);
        if (ParameterSetName == IdSet)
        {
            RunForEach(Id, api.GetIntegrationAsync, integration => Emit(integration, connection), ThrottleLimit);
        }
        else
        {
            // Streamed: each integration is written as soon as it is parsed.
            Run(cancellation => api.GetIntegrationsAsync(integration => Emit(integration, connection), cancellation));
        }
    }

    private void Emit(Integration integration, ImmutaConnection connection)
    {
        if (_types != null && !_types.Matches(integration.Type)) return;
        integration.Connection = connection;
        Output.Object(integration);
    }
}
