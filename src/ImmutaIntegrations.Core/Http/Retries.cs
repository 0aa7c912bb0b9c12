using System;
using System.Net.Sockets;

namespace ImmutaIntegrations.Core.Http;

/// <summary>
/// When a failed request is sent again, and after how long: exponential backoff with jitter, or the server's
/// Retry-After, never beyond <see cref="ImmutaClientOptions.MaxRetryDelay"/>.
/// </summary>
internal static class Retries
{
    private static readonly Random Jitter = new Random();

    /// <summary>
    /// Whether a failure may be retried: never an answer the module cannot read; 429 and 503 always (the server
    /// did not act); 408, 502, 504, timeouts and broken connections only when doing it twice is safe.
    /// </summary>
    public static bool MayRetry(RetryPolicy policy, ImmutaApiException error)
    {
        if (error.Failure == ImmutaFailure.InvalidResponse) return false;
        if (error.StatusCode == 429 || error.StatusCode == 503) return true;
        if (error.Failure == ImmutaFailure.Transport && IsRefusedConnection(error)) return true;
        bool unknownOutcome = error.Failure == ImmutaFailure.Timeout || error.Failure == ImmutaFailure.Transport
            || error.StatusCode == 408 || error.StatusCode == 502 || error.StatusCode == 504;
        return unknownOutcome && policy != RetryPolicy.WhenNotActed;
    }

    /// <summary>An answer that never came (or came from a gateway that gave up): the server may have acted.</summary>
    public static bool IsLost(ImmutaApiException error) =>
        (error.Failure == ImmutaFailure.Timeout || error.Failure == ImmutaFailure.Transport || error.StatusCode == 502 || error.StatusCode == 504)
        && !IsRefusedConnection(error);

    /// <summary>
    /// How long to wait before attempt <paramref name="attempt"/> + 1: the server's Retry-After when it gave one,
    /// else <see cref="ImmutaClientOptions.RetryBaseDelay"/> doubled per attempt, with jitter; either way at most
    /// <see cref="ImmutaClientOptions.MaxRetryDelay"/>.
    /// </summary>
    public static TimeSpan Delay(ImmutaClientOptions options, int attempt, TimeSpan? retryAfter)
    {
        TimeSpan limit = options.MaxRetryDelay;
        if (retryAfter is TimeSpan asked) return asked < limit ? asked : limit;
        double exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        double capped = Math.Min(exponential, limit.TotalMilliseconds);
        // Equal jitter: half fixed, half random, so many clients that failed together do not retry together.
        double jittered;
        lock (Jitter) jittered = capped / 2 + Jitter.NextDouble() * capped / 2;
        return TimeSpan.FromMilliseconds(jittered);
    }

    // Nothing reached the server: it certainly did not act.
    private static bool IsRefusedConnection(ImmutaApiException error)
    {
        for (Exception? e = error.InnerException; e != null; e = e.InnerException)
        {
            if (e is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused) return true;
        }
        return false;
    }
}
