using System.Collections.Generic;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Input;

/// <summary>
/// The plan for making a tenant what payload files say (Compare- and Sync-ImmutaIntegration): every file read and
/// validated first (before the connection is even looked up), then the tenant's integrations read, then compared.
/// </summary>
internal static class DesiredState
{
    /// <param name="stopping">What an invalid file means for the command, e.g. "nothing was changed".</param>
    public static IReadOnlyList<IntegrationPlanItem> Plan(ConnectedCmdlet cmdlet, string[] paths, bool prune,
        PayloadValidationOptions options, string stopping)
    {
        IReadOnlyList<string> files = DesiredPayloads.Files(cmdlet, paths);
        IReadOnlyList<PreparedPayload> desired = DesiredPayloads.ReadAll(cmdlet, files, options, stopping);
        ImmutaConnection connection = cmdlet.ResolveConnection();
        var api = Connections.Api(connection, cmdlet.Output);
        var actual = new List<Integration>();
        cmdlet.Run(cancellation => api.GetIntegrationsAsync(integration => { lock (actual) actual.Add(integration); }, cancellation));
        try
        {
            IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan(desired, actual, prune);
            foreach (IntegrationPlanItem item in plan)
            {
                if (item.Current != null) item.Current.Connection = connection;
            }
            return plan;
        }
        catch (ImmutaPayloadException e)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.From(e, files));
            throw;
        }
    }
}
