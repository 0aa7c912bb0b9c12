using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Secrets;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Http;

/// <summary>
/// The transport to one tenant: one HttpClient, reused by every call and safe to share between
/// threads; the key presented raw or exchanged for a bearer token; timeouts, cancellation, and
/// every failure turned into an <see cref="ImmutaApiException"/>.
/// </summary>
public sealed class ImmutaClient : IDisposable
{
    internal const string AuthenticatePath = "bim/apikey/authenticate";
    private static readonly string UserAgent = BuildUserAgent();

    private readonly HttpClient _http;
    private readonly BearerTokenCache _tokens = new BearerTokenCache();

    public ImmutaClient(ImmutaClientOptions options, HttpMessageHandler? handler = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Timeout <= TimeSpan.Zero || options.Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The timeout must be a positive, finite time.");
        }
        _http = new HttpClient(handler ?? Transport.CreateHandler(options), disposeHandler: true)
        {
            BaseAddress = options.BaseUrl,
            // Timeouts are applied per request (below) so that a timeout can be told apart from Ctrl+C.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
    }

    public ImmutaClientOptions Options { get; }

    /// <summary>
    /// Checks the key with one cheap request. With the raw key, on the Integrations API itself (<c>GET /integrations</c>,
    /// of which only the status is read): a tenant may answer the key exchange differently, or not serve it, while every
    /// <c>/integrations</c> call accepts the key (docs/api-contract.md §1). In bearer mode, the exchange, whose token is
    /// kept. A refused key is AuthenticationFailed; a key without APPLICATION_ADMIN, Forbidden.
    /// </summary>
    public async Task CheckKeyAsync(IImmutaLog log, CancellationToken cancellationToken)
    {
        if (Options.AuthMode == ImmutaAuthMode.Bearer)
        {
            await AuthenticateAsync(log, cancellationToken).ConfigureAwait(false);
            return;
        }
        var request = new ApiRequest(HttpMethod.Get, "integrations")
        {
            StreamResponse = true,
            Retry = RetryPolicy.Safe,
            ErrorIdFor = (status, _) => status == 401 ? ImmutaErrorId.AuthenticationFailed : status == 403 ? ImmutaErrorId.Forbidden : null,
        };
        await SendAsync(request, (response, token) => Task.FromResult(true), log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Exchanges the key for a bearer token (<c>POST /bim/apikey/authenticate</c>), kept for the calls that follow in
    /// bearer mode.
    /// </summary>
    public async Task AuthenticateAsync(IImmutaLog log, CancellationToken cancellationToken)
    {
        string key = SecretText.Reveal(Options.ApiKey);
        var request = new ApiRequest(HttpMethod.Post, AuthenticatePath)
        {
            // Older tenants read the key from the body, newer ones from the header: send both.
            JsonBody = new JObject { ["apikey"] = key }.ToString(Newtonsoft.Json.Formatting.None),
            BodyForLog = "{\"apikey\":\"" + RequestLogging.Redacted + "\"}",
            IsAuthentication = true,
            Retry = RetryPolicy.Safe,
            ErrorIdFor = (status, _) => status == 401 || status == 403 ? ImmutaErrorId.AuthenticationFailed : null,
        };
        string token = await SendAsync(request, ReadTokenAsync, log, cancellationToken).ConfigureAwait(false);
        if (Options.AuthMode == ImmutaAuthMode.Bearer) _tokens.Set(token);
    }

    /// <summary>
    /// Sends a request and hands the successful response to <paramref name="read"/>, each attempt within the
    /// timeout. A failure the request's <see cref="RetryPolicy"/> allows is retried after the delay
    /// <see cref="Retries"/> gives, each retry a verbose line. Error answers become
    /// <see cref="ImmutaApiException"/>s carrying Immuta's message.
    /// </summary>
    internal async Task<T> SendAsync<T>(ApiRequest request, Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        IImmutaLog log, CancellationToken cancellationToken)
    {
        bool lost = false;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(request, read, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ImmutaApiException e) when (attempt <= Options.MaxRetries && Retries.MayRetry(request.Retry, e))
            {
                lost |= Retries.IsLost(e);
                TimeSpan delay = Retries.Delay(Options, attempt, e.RetryAfter);
                log.Verbose($"Retrying {request.Method} {new Uri(Options.BaseUrl, request.Path)} in {delay.TotalSeconds:0.###} s "
                    + $"(attempt {attempt + 1} of {Options.MaxRetries + 1}): {e.Message}");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (ImmutaApiException e)
            {
                e.Attempts = attempt;
                // This attempt's own answer may be the one lost (retries used up, or a change not retried).
                e.AfterLostResponse = lost || Retries.IsLost(e);
                throw;
            }
        }
    }

    private async Task<T> SendOnceAsync<T>(ApiRequest request, Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        IImmutaLog log, CancellationToken cancellationToken)
    {
        bool reauthenticated = false;
        while (true)
        {
            string? tokenUsed = null;
            if (Options.AuthMode == ImmutaAuthMode.Bearer && !request.IsAuthentication)
            {
                tokenUsed = await _tokens.GetAsync(token => AuthenticateAsync(log, token), cancellationToken).ConfigureAwait(false);
            }
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Options.Timeout);
                var requestUri = new Uri(Options.BaseUrl, request.Path);
                try
                {
                    using (HttpRequestMessage message = BuildMessage(request, requestUri, tokenUsed))
                    {
                        RequestLogging.Request(request, message, _http.DefaultRequestHeaders, log);
                        var clock = Stopwatch.StartNew();
                        var completion = request.StreamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
                        using (HttpResponseMessage response = await _http.SendAsync(message, completion, timeout.Token).ConfigureAwait(false))
                        {
                            RequestLogging.Response(request, requestUri, response, clock.ElapsedMilliseconds, log);
                            if ((int)response.StatusCode == 401 && tokenUsed != null && !reauthenticated)
                            {
                                // An expired or revoked token: exchange the key again, once, and retry.
                                reauthenticated = true;
                                log.Verbose("The bearer token was refused; authenticating again.");
                                _tokens.Invalidate(tokenUsed);
                                continue;
                            }
                            if (!response.IsSuccessStatusCode)
                            {
                                string body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                                throw ErrorResponse.ToException(response, body, request);
                            }
                            // Something in the way (a proxy's sign-in page) may answer 200 with HTML: that is no answer of the API.
                            // A streamed answer is looked at by its reader, which sees its first character anyway.
                            if (!request.StreamResponse && await ErrorResponse.MayBeHtmlAsync(response).ConfigureAwait(false))
                            {
                                string body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                                ImmutaApiException? html = ErrorResponse.HtmlInsteadOfAnswer(response, request, requestUri, body);
                                if (html != null) throw html;
                            }
                            return await read(response, timeout.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception e) when (!(e is ImmutaApiException) && cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The request was cancelled.", e, cancellationToken);
                }
                catch (Exception e) when (!(e is ImmutaApiException) && timeout.IsCancellationRequested)
                {
                    throw new ImmutaApiException(
                        $"{request.Method} {requestUri} did not complete within {Options.Timeout.TotalSeconds:0.###} seconds.",
                        ImmutaErrorId.RequestTimeout, 0, ImmutaFailure.Timeout, request.Method.Method, requestUri, e);
                }
                catch (Exception e) when (e is HttpRequestException || e is IOException)
                {
                    throw TransportFailure(request, requestUri, e);
                }
                catch (Newtonsoft.Json.JsonException e)
                {
                    throw new ImmutaApiException(
                        $"{request.Method} {requestUri} gave an answer this module cannot read: {e.Message}",
                        ImmutaErrorId.InvalidResponse, 0, ImmutaFailure.InvalidResponse, request.Method.Method, requestUri, e);
                }
            }
        }
    }

    private static readonly System.Text.RegularExpressions.Regex ProxyRefusedTunnel = new System.Text.RegularExpressions.Regex(
        @"status code '?407\b|\b407 Proxy Authentication Required",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private ImmutaApiException TransportFailure(ApiRequest request, Uri requestUri, Exception e)
    {
        string reason = Innermost(e).Message;
        // Through a tunnel (https), a proxy's 407 arrives as a failure to connect, not as an answer: the status code is in
        // the message ("... failed with status code '407'."), where a mere 407 may be part of a port or an address.
        if (ProxyRefusedTunnel.IsMatch(e.Message) || ProxyRefusedTunnel.IsMatch(reason))
        {
            return new ImmutaApiException(
                "The proxy asked for credentials (407 Proxy Authentication Required): give them with Connect-Immuta -ProxyCredential.",
                ImmutaErrorId.ProxyAuthenticationRequired, 407, ImmutaFailure.Transport, request.Method.Method, requestUri, e);
        }
        return new ImmutaApiException($"Could not reach {Options.BaseUrl.Host}: {reason}",
            ImmutaErrorId.ConnectionFailed, 0, ImmutaFailure.Transport, request.Method.Method, requestUri, e);
    }

    public void Dispose()
    {
        _http.Dispose();
        _tokens.Dispose();
    }

    private HttpRequestMessage BuildMessage(ApiRequest request, Uri requestUri, string? token)
    {
        var message = new HttpRequestMessage(request.Method, requestUri);
        string authorization = token != null ? "Bearer " + token : SecretText.Reveal(Options.ApiKey);
        // The raw key has no scheme word, which the typed header refuses; add it unvalidated.
        message.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (request.JsonBody != null)
        {
            message.Content = new StringContent(request.JsonBody, Encoding.UTF8, "application/json");
        }
        return message;
    }

    private static async Task<string> ReadTokenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        JObject answer;
        try
        {
            answer = JObject.Parse(body);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            throw new ImmutaApiException("The authentication answer was not JSON.", ImmutaErrorId.InvalidResponse,
                (int)response.StatusCode, ImmutaFailure.InvalidResponse, "POST", response.RequestMessage?.RequestUri, e);
        }
        JToken? tokenValue = answer["token"], authenticatedValue = answer["authenticated"];
        if ((tokenValue != null && tokenValue.Type != JTokenType.String && tokenValue.Type != JTokenType.Null)
            || (authenticatedValue != null && authenticatedValue.Type != JTokenType.Boolean && authenticatedValue.Type != JTokenType.Null))
        {
            throw new ImmutaApiException(
                $"The authentication answer is not the expected shape: token is {tokenValue?.Type.ToString() ?? "missing"}, "
                + $"authenticated is {authenticatedValue?.Type.ToString() ?? "missing"}.",
                ImmutaErrorId.InvalidResponse, (int)response.StatusCode, ImmutaFailure.InvalidResponse, "POST", response.RequestMessage?.RequestUri);
        }
        string? token = (string?)tokenValue;
        bool authenticated = (bool?)authenticatedValue ?? !string.IsNullOrEmpty(token);
        if (!authenticated || string.IsNullOrEmpty(token))
        {
            throw new ImmutaApiException("Immuta did not accept the API key.", ImmutaErrorId.AuthenticationFailed,
                (int)response.StatusCode, ImmutaFailure.Http, "POST", response.RequestMessage?.RequestUri);
        }
        return token!;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException != null) e = e.InnerException;
        return e;
    }

    private static string BuildUserAgent() => $"ImmutaIntegrations/{ModuleVersion.Current}";
}
