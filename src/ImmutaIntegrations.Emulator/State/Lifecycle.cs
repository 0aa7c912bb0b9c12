namespace ImmutaIntegrations.Emulator.State;

/// <summary>
/// Moves creating, editing and deleting integrations to their end state after the configured delay
/// (at once when it is zero). A transition that was overtaken (reset, a newer transition) is dropped.
/// </summary>
internal sealed class Lifecycle(EmulatorOptions options, IntegrationStore store, TimeProvider time, IHostApplicationLifetime lifetime)
{
    /// <summary>Starts the clock of an integration's pending transition; call after the change that set it.</summary>
    public void Schedule(StoredIntegration integration)
    {
        PendingTransition? pending = integration.Pending;
        if (pending is null) return;
        if (options.TransitionDelay <= TimeSpan.Zero)
        {
            Complete(integration.Id, pending.Ticket);
            return;
        }
        _ = CompleteLaterAsync(integration.Id, pending.Ticket);
    }

    /// <summary>
    /// Ends every pending transition now, as its delay would (POST /_emulator/settle): tests started with a long
    /// delay decide when integrations settle instead of waiting for a clock. Returns how many were ended.
    /// </summary>
    public int CompleteAll()
    {
        (long Id, long Ticket)[] pending = store.Write(transaction =>
            transaction.All.Where(i => i.Pending is not null).Select(i => (i.Id, i.Pending!.Ticket)).ToArray());
        return pending.Count(p => Complete(p.Id, p.Ticket));
    }

    private async Task CompleteLaterAsync(long id, long ticket)
    {
        try
        {
            await Task.Delay(options.TransitionDelay, time, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The emulator is stopping: the transition stays pending (a state file resumes it at the next start).
            return;
        }
        Complete(id, ticket);
    }

    private bool Complete(long id, long ticket)
    {
        return store.Write(transaction =>
        {
            StoredIntegration? integration = transaction.Find(id);
            PendingTransition? pending = integration?.Pending;
            if (integration is null || pending is null || pending.Ticket != ticket) return false;
            integration.Status = pending.EndStatus;
            integration.ValidationResults = pending.EndValidationResults;
            if (pending.RestoreConfig is not null)
            {
                integration.Config = pending.RestoreConfig;
                integration.AutoBootstrap = pending.RestoreAutoBootstrap;
            }
            integration.Pending = null;
            transaction.Touch();
            return true;
        });
    }
}
