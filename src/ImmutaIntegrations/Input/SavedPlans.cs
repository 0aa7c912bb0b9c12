using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.SavedPlans;

namespace ImmutaIntegrations.Input;

/// <summary>
/// Saved plans for the commands: written by Compare-ImmutaIntegration -OutFile, read by Import-ImmutaIntegrationPlan, and
/// made ready for Sync-ImmutaIntegration -Plan, which applies one only when every check holds: the file is a plan exactly as
/// written, its payloads can be sent (every secret's reference set), it was made for this tenant, and nothing it would
/// change has moved since. Any failure stops the command before anything is changed, with $LASTEXITCODE 1.
/// </summary>
internal static class SavedPlans
{
    /// <summary>Writes the plan to <paramref name="outFile"/>, whole or not at all; every item's PlanFile says where.</summary>
    public static IntegrationPlanFile Save(PSCmdlet cmdlet, string outFile, IReadOnlyList<IntegrationPlanItem> plan, ImmutaConnection connection, bool prune)
    {
        string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(outFile);
        string here = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        try
        {
            IntegrationPlanFile file = SavedPlanFile.Write(path, connection.Url, prune, plan, here, DateTimeOffset.UtcNow);
            cmdlet.WriteVerbose($"The plan ({file.ItemCount} item(s)) is saved in {file.Path}, checksum {file.Checksum}.");
            return file;
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
        {
            Stop(cmdlet, new ImmutaPlanException($"The plan could not be written to {path}: {e.Message} Nothing was written.",
                ImmutaErrorId.PlanFileNotWritten, path, e), path);
            throw;
        }
        catch (ImmutaPayloadException e)
        {
            Stop(cmdlet, e, path);
            throw;
        }
    }

    /// <summary>Reads a saved plan; a file that is not one is a terminating error saying why.</summary>
    public static SavedPlan Read(PSCmdlet cmdlet, string planPath)
    {
        string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(planPath);
        try
        {
            return SavedPlanFile.Read(path);
        }
        catch (ImmutaPlanException e)
        {
            Stop(cmdlet, e, path);
            throw;
        }
    }

    /// <summary>
    /// The items of a saved plan, ready to apply through <paramref name="cmdlet"/>'s connection: each payload prepared (its
    /// references resolvable), the tenant the plan's, and nothing moved that the plan would change. Items planned as no change
    /// whose integration moved are warnings: the plan leaves them as they are.
    /// </summary>
    public static SavedPlan ForApply(ConnectedCmdlet cmdlet, string planPath)
    {
        SavedPlan saved = Read(cmdlet, planPath);
        IntegrationPlanFile file = saved.File;
        bool prepared = false;
        void PreparePayloads()
        {
            prepared = true;
            var invalid = saved.Prepare(SessionSecrets.ForSending(cmdlet), cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            foreach ((IntegrationPlanItem item, ImmutaPayloadException error) in invalid)
            {
                AgentAnnotations.Error(cmdlet, error.Message);
                cmdlet.WriteError(ErrorRecords.From(error, item.Source ?? item.Id));
            }
            if (invalid.Count > 0)
            {
                Stop(cmdlet, new ImmutaPayloadException($"{invalid.Count} of the payloads of the plan {file.Path} cannot be sent (see the errors "
                    + "above): nothing was changed.", ImmutaErrorId.PayloadInvalid), file.Path);
            }
        }
        ImmutaConnection? connection = cmdlet.FindConnection();
        if (connection is null)
        {
            // No connection (or one refused): the plan's problems first, then that.
            PreparePayloads();
            connection = cmdlet.ResolveConnection();
        }
        if (!SameTenant(file.Tenant, connection.Url))
        {
            Stop(cmdlet, new ImmutaPlanException($"{file.Path} was made for {file.Tenant}, and this command is connected to {connection.Url.AbsoluteUri}: "
                + $"nothing was changed. Apply it connected to {file.Tenant}, or make a new plan against {connection.Url.AbsoluteUri}.",
                ImmutaErrorId.PlanTenantMismatch, file.Path), file.Path);
        }
        var now = new List<Integration>();
        var api = Connections.Api(connection, cmdlet.Output);
        Func<CancellationToken, Task> list = cancellation => api.GetIntegrationsAsync(integration => { lock (now) now.Add(integration); }, cancellation);
        // The tenant's list is read while the payloads are checked, as Sync from files reads it while it reads the files.
        if (prepared) cmdlet.Run(list);
        else cmdlet.Run(list, PreparePayloads);
        PlanFreshness freshness = PlanFreshness.Check(saved.Items, now);
        foreach (MovedItem drifted in freshness.Drifted) Warnings.Write(cmdlet, drifted.Message);
        foreach (MovedItem stale in freshness.Stale)
        {
            AgentAnnotations.Error(cmdlet, stale.Message);
            cmdlet.WriteError(ErrorRecords.From(new ImmutaPlanException(stale.Message, ImmutaErrorId.PlanStale, file.Path), stale.Item));
        }
        if (freshness.Stale.Count > 0)
        {
            Stop(cmdlet, new ImmutaPlanException($"The plan {file.Path} is stale: {freshness.Stale.Count} of its items no longer start from what the "
                + $"tenant holds (see the errors above). Nothing was changed. Make a new plan (Compare-ImmutaIntegration -OutFile), have it "
                + "reviewed, and apply that one.", ImmutaErrorId.PlanStale, file.Path), file.Path);
        }
        foreach (IntegrationPlanItem item in saved.Items)
        {
            if (item.Current != null) item.Current.Connection = connection;
        }
        return saved;
    }

    private static bool SameTenant(string planned, Uri connected) =>
        Uri.TryCreate(planned, UriKind.Absolute, out Uri? tenant)
        && Uri.Compare(tenant, connected, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    // The command stops: nothing was changed (or written), and the job learns it from the exit code.
    private static void Stop(PSCmdlet cmdlet, Exception error, string target)
    {
        ExitCode.Fail(cmdlet, "The saved plan could not be used");
        cmdlet.ThrowTerminatingError(ErrorRecords.From(error, target));
    }
}
