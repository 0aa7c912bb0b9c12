using System;

namespace ImmutaIntegrations;

/// <summary>
/// A request to Immuta failed: it answered with an error, or no answer came. (What the module refuses before sending
/// anything is an <see cref="ImmutaRefusedException"/>.) <see cref="Exception.Message"/> is Immuta's own message when it sent one.
/// Catch it in scripts as <c>[ImmutaIntegrations.ImmutaApiException]</c>.
/// </summary>
public class ImmutaApiException : Exception
{
    /// <summary>A failed request, as the module's HTTP client reports it.</summary>
    /// <param name="message">Immuta's own message when it sent one, else what went wrong in words.</param>
    /// <param name="errorId">One of the <see cref="ImmutaErrorId"/> constants.</param>
    /// <param name="statusCode">The HTTP status of the answer; 0 when none arrived.</param>
    /// <param name="failure">What kind of failure it is.</param>
    /// <param name="method">The request's HTTP method; null when the failure is not one request's.</param>
    /// <param name="requestUri">The request's full address; null when the failure is not one request's.</param>
    /// <param name="innerException">The transport's or the reader's own exception, when there is one.</param>
    public ImmutaApiException(string message, string errorId, int statusCode = 0, ImmutaFailure failure = ImmutaFailure.Http,
        string? method = null, Uri? requestUri = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        StatusCode = statusCode;
        Failure = failure;
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>A stable id such as <c>IntegrationNotFound</c>; see <see cref="ImmutaErrorId"/>.</summary>
    public string ErrorId { get; }

    /// <summary>The HTTP status code, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>Whether the server answered with an error, the request timed out, or the transport failed.</summary>
    public ImmutaFailure Failure { get; }

    /// <summary>How long the server asked to wait before trying again (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>How many times the request was sent in all (1 when it was not retried).</summary>
    public int Attempts { get; set; } = 1;

    /// <summary>
    /// An answer was lost (the connection broke, a gateway gave up, the request timed out), this attempt's or an
    /// earlier one's, so the server may have acted: the change may have been made despite this error.
    /// </summary>
    public bool AfterLostResponse { get; set; }

    /// <summary>For a 409 "already exists": the id of the integration already there.</summary>
    public string? ConflictingId { get; set; }

    /// <summary>
    /// The HTTP method of the request that failed, e.g. <c>GET</c> or <c>DELETE</c>; null when the failure is not one request's
    /// (<c>WaitTimeout</c>).
    /// </summary>
    public string? Method { get; }

    /// <summary>
    /// The full address of the request that failed, query included (e.g. <c>?dryRun=true</c>); null when the failure is not
    /// one request's (<c>WaitTimeout</c>).
    /// </summary>
    public Uri? RequestUri { get; }
}

/// <summary>What kind of failure an <see cref="ImmutaApiException"/> reports.</summary>
public enum ImmutaFailure
{
    /// <summary>The server answered with an error status.</summary>
    Http = 0,

    /// <summary>No answer within the connection's timeout.</summary>
    Timeout = 1,

    /// <summary>The connection could not be made or was broken (DNS, TCP, TLS, proxy).</summary>
    Transport = 2,

    /// <summary>The server answered, but not with what the API promises.</summary>
    InvalidResponse = 3,
}
