using System;

namespace ImmutaIntegrations.Core.Changes;

/// <summary>How a wait for an integration to settle ended, as a change's state and error.</summary>
public static class Settling
{
    /// <summary>
    /// The error a wait ended with, or null when the integration settled well. After a change (<paramref name="done"/>,
    /// e.g. "created"), an error of the wait itself says that the change was made all the same.
    /// </summary>
    public static Exception? ErrorOf(WaitOutcome outcome, TimeSpan timeout, string? done = null)
    {
        if (outcome.Error is ImmutaApiException failed && done != null)
        {
            return new ImmutaApiException($"Integration {outcome.Id} was {done}, but waiting for it to settle failed: {failed.Message}", failed.ErrorId,
                failed.StatusCode, failed.Failure, failed.Method, failed.RequestUri, failed) { Attempts = failed.Attempts, RetryAfter = failed.RetryAfter };
        }
        if (outcome.Error != null) return outcome.Error;
        if (outcome.TimedOut)
        {
            return new ImmutaApiException($"Integration {outcome.Id} is still {outcome.Integration!.Status} after {timeout}.", ImmutaErrorId.WaitTimeout,
                failure: ImmutaFailure.Timeout);
        }
        return outcome.Failed ? new ImmutaIntegrationFailedException(outcome.Integration!) : null;
    }

    /// <summary>What a change that was waited for came to: made, failed (an error status), or not known (the wait failed or ran out).</summary>
    public static ChangeState StateOf(WaitOutcome outcome) =>
        outcome.Error != null || outcome.TimedOut ? ChangeState.MadeUnconfirmed
        : outcome.Failed ? ChangeState.Failed
        : ChangeState.Made;
}
