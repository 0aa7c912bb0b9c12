using System.Management.Automation;

namespace ImmutaIntegrations.Commands;

/// <summary>Get-ImmutaIntegrationStatus: the lifecycle status of integrations, by id (from the pipeline too).</summary>
[Cmdlet(VerbsCommon.Get, "ImmutaIntegrationStatus")]
[OutputType(typeof(IntegrationStatus))]
public sealed class GetImmutaIntegrationStatusCommand : ConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string[] Id { get; set; } = new string[0];

    /// <summary>How many statuses are read at the same time (the output keeps the order of the ids).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        var api = Connections.Api(connection, Output);
        RunForEach(Id, api.GetStatusAsync, status =>
        {
            status.Connection = connection;
            Output.Object(status);
        }, ThrottleLimit);
    }
}
