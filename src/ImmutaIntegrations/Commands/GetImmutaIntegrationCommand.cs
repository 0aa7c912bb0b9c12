using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Commands
{
    /// <summary>
    /// Get-ImmutaIntegration: every integration (streamed as it is read), or those with the given ids;
    /// optionally only the types matching -Type.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImmutaIntegration", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Integration))]
    public sealed class GetImmutaIntegrationCommand : ImmutaApiCmdlet
    {
        public const string ListSet = "List";
        public const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        /// <summary>Only integrations whose type matches one of these (wildcards allowed, case-insensitive).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Type { get; set; }

        private WildcardPattern[]? _types;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _types = Type?.Select(t => new WildcardPattern(t, WildcardOptions.IgnoreCase)).ToArray();
        }

        protected override void ProcessRecord()
        {
            ImmutaConnection connection = ResolveConnection();
            if (ParameterSetName == IdSet)
            {
                string[] ids = Id;
                Run(async cancellation =>
                {
                    var api = Connections.Api(connection, this);
                    foreach (string id in ids)
                    {
                        try
                        {
                            Emit(await api.GetIntegrationAsync(id, cancellation).ConfigureAwait(false), connection);
                        }
                        catch (ImmutaApiException e) when (!ErrorRecords.IsConnectionWide(e))
                        {
                            PostError(e, id);
                        }
                    }
                });
            }
            else
            {
                Run(cancellation => Connections.Api(connection, this).GetIntegrationsAsync(i => Emit(i, connection), cancellation));
            }
        }

        private void Emit(Integration integration, ImmutaConnection connection)
        {
            if (_types != null && !_types.Any(p => p.IsMatch(integration.Type))) return;
            integration.Connection = connection;
            PostObject(integration);
        }
    }
}
