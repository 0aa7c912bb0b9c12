using System.Management.Automation;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Commands
{
    /// <summary>Get-ImmutaIntegrationStatus: the lifecycle status of integrations, by id (from the pipeline too).</summary>
    [Cmdlet(VerbsCommon.Get, "ImmutaIntegrationStatus")]
    [OutputType(typeof(IntegrationStatus))]
    public sealed class GetImmutaIntegrationStatusCommand : ImmutaApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            ImmutaConnection connection = ResolveConnection();
            string[] ids = Id;
            Run(async cancellation =>
            {
                var api = Connections.Api(connection, this);
                foreach (string id in ids)
                {
                    try
                    {
                        IntegrationStatus status = await api.GetStatusAsync(id, cancellation).ConfigureAwait(false);
                        status.Connection = connection;
                        PostObject(status);
                    }
                    catch (ImmutaApiException e) when (!ErrorRecords.IsConnectionWide(e))
                    {
                        PostError(e, id);
                    }
                }
            });
        }
    }
}
