using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Input;

/// <summary>
/// The plan for making a tenant what payload files say (Compare- and Sync-ImmutaIntegration): every file read and
/// validated, the tenant's integrations read, then compared. The tenant's list is read while the files are (a read
/// changes nothing, and on a real tenant the list takes as long as the files, or longer); an invalid file stops the
/// command before anything is compared or changed, and its errors come before any about the connection.
/// </summary>
internal static class DesiredState
{
    /// <param name="stopping">What an invalid file means for the command, e.g. "nothing was changed".</param>
    /// <param name="connection">The connection the tenant was read through.</param>
    /// <param name="rotateSecret">-RotateSecret: the references whose secrets are sent again (<see cref="SecretRotationFilter"/>).</param>
    public static IReadOnlyList<IntegrationPlanItem> Plan(ConnectedCmdlet cmdlet, string[] paths, bool prune,
        PayloadValidationOptions options, string stopping, out ImmutaConnection connection, string[]? rotateSecret = null)
    {
        SecretRotationFilter? rotation = SecretRotationFilter.From(rotateSecret);
        IReadOnlyList<string> files = DesiredPayloads.Files(cmdlet, paths);
        IReadOnlyList<PreparedPayload>? desired = null;
        void ReadFiles() => desired = DesiredPayloads.ReadAll(cmdlet, files, options, stopping);
        var actual = new List<Integration>();
        ImmutaConnection? found = cmdlet.FindConnection();
        if (found is null)
        {
            // No connection (or one refused): the files' problems first, then that.
            ReadFiles();
            found = cmdlet.ResolveConnection();
        }
        connection = found;
        var api = Connections.Api(found, cmdlet.Output);
        Func<CancellationToken, Task> list = cancellation => api.GetIntegrationsAsync(integration => { lock (actual) actual.Add(integration); }, cancellation);
        if (desired is null) cmdlet.Run(list, ReadFiles);
        else cmdlet.Run(list);
        try
        {
            rotation?.WarnUnmatched(cmdlet, desired!);
            IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan(desired!, actual, prune, rotation is null ? null : rotation.Picks);
            foreach (IntegrationPlanItem item in plan)
            {
                if (item.Current != null) item.Current.Connection = found;
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
