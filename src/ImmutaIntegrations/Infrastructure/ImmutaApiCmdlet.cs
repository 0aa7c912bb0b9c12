using System.Management.Automation;

namespace ImmutaIntegrations.Infrastructure
{
    /// <summary>The base of the cmdlets that call the API: the -Connection parameter and its fallbacks.</summary>
    public abstract class ImmutaApiCmdlet : ImmutaCmdlet
    {
        /// <summary>
        /// The tenant to use; by default the one from Connect-Immuta, else IMMUTA_URL and IMMUTA_API_KEY.
        /// Binds from piped objects, so integrations read from one tenant go back to that tenant.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public ImmutaConnection? Connection { get; set; }

        /// <summary>The connection this call uses; a terminating error when there is none.</summary>
        internal ImmutaConnection ResolveConnection()
        {
            ImmutaConnection? connection = null;
            try
            {
                connection = Connection ?? Connections.Current ?? Connections.FromEnvironment(this);
            }
            catch (ImmutaApiException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, null));
            }
            if (connection is null)
            {
                ThrowTerminatingError(ErrorRecords.NotConnected());
            }
            return connection!;
        }
    }
}
