using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Http;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core
{
    /// <summary>
    /// The transport to one tenant: one HttpClient, reused by every call and safe to share between
    /// threads; the key presented raw or exchanged for a bearer token; timeouts, cancellation, and
    /// every failure turned into an <see cref="ImmutaApiException"/>.
    /// </summary>
    public sealed class ImmutaClient : IDisposable
    {
        internal const string AuthenticatePath = "bim/apikey/authenticate";
        private const string Redacted = "<REDACTED>";
        private static readonly string UserAgent = BuildUserAgent();

        private readonly HttpClient _http;
        private readonly SemaphoreSlim _authLock = new SemaphoreSlim(1, 1);
        private volatile string? _token;

        public ImmutaClient(ImmutaClientOptions options, HttpMessageHandler? handler = null)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.Timeout <= TimeSpan.Zero || options.Timeout == System.Threading.Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "The timeout must be a positive, finite time.");
            }
            _http = new HttpClient(handler ?? new HttpClientHandler(), disposeHandler: true)
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
        /// Checks the key with one request (<c>POST /bim/apikey/authenticate</c>). In bearer mode the
        /// token it returns is kept for the calls that follow.
        /// </summary>
        public async Task AuthenticateAsync(IImmutaLog log, CancellationToken cancellationToken)
        {
            string key = SecretText.Reveal(Options.ApiKey);
            var request = new ApiRequest(HttpMethod.Post, AuthenticatePath)
            {
                // Older tenants read the key from the body, newer ones from the header: send both.
                JsonBody = new JObject { ["apikey"] = key }.ToString(Newtonsoft.Json.Formatting.None),
                BodyForLog = "{\"apikey\":\"" + Redacted + "\"}",
                IsAuthentication = true,
                ErrorIdFor = (status, _) => status == 401 || status == 403 ? ImmutaErrorId.AuthenticationFailed : null,
            };
            string token = await SendAsync(request, ReadTokenAsync, log, cancellationToken).ConfigureAwait(false);
            if (Options.AuthMode == ImmutaAuthMode.Bearer) _token = token;
        }

        /// <summary>
        /// Sends a request and hands the successful response to <paramref name="read"/>, all within the
        /// request's timeout. Error answers become <see cref="ImmutaApiException"/>s carrying Immuta's message.
        /// </summary>
        internal async Task<T> SendAsync<T>(ApiRequest request, Func<HttpResponseMessage, CancellationToken, Task<T>> read,
            IImmutaLog log, CancellationToken cancellationToken)
        {
            bool reauthenticated = false;
            while (true)
            {
                string? tokenUsed = null;
                if (Options.AuthMode == ImmutaAuthMode.Bearer && !request.IsAuthentication)
                {
                    tokenUsed = await GetTokenAsync(log, cancellationToken).ConfigureAwait(false);
                }
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(Options.Timeout);
                    var requestUri = new Uri(Options.BaseUrl, request.Path);
                    try
                    {
                        using (HttpRequestMessage message = BuildMessage(request, requestUri, tokenUsed))
                        {
                            LogRequest(request, message, log);
                            var clock = Stopwatch.StartNew();
                            var completion = request.StreamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
                            using (HttpResponseMessage response = await _http.SendAsync(message, completion, timeout.Token).ConfigureAwait(false))
                            {
                                log.Debug($"{(int)response.StatusCode} {response.ReasonPhrase} from {request.Method} {requestUri} in {clock.ElapsedMilliseconds} ms");
                                if ((int)response.StatusCode == 401 && tokenUsed != null && !reauthenticated)
                                {
                                    // An expired or revoked token: exchange the key again, once, and retry.
                                    reauthenticated = true;
                                    log.Verbose("The bearer token was refused; authenticating again.");
                                    InvalidateToken(tokenUsed);
                                    continue;
                                }
                                if (!response.IsSuccessStatusCode)
                                {
                                    string body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                                    throw ErrorResponse.ToException(response, body, request);
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
                        throw new ImmutaApiException(
                            $"Could not reach {Options.BaseUrl.Host}: {Innermost(e).Message}",
                            ImmutaErrorId.ConnectionFailed, 0, ImmutaFailure.Transport, request.Method.Method, requestUri, e);
                    }
                    catch (Newtonsoft.Json.JsonException e)
                    {
                        throw new ImmutaApiException(
                            $"{request.Method} {requestUri} answered with JSON this module cannot read: {e.Message}",
                            ImmutaErrorId.InvalidResponse, 0, ImmutaFailure.InvalidResponse, request.Method.Method, requestUri, e);
                    }
                }
            }
        }

        public void Dispose()
        {
            _http.Dispose();
            _authLock.Dispose();
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

        private async Task<string> GetTokenAsync(IImmutaLog log, CancellationToken cancellationToken)
        {
            string? token = _token;
            if (token != null) return token;
            await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Another thread may have authenticated while this one waited.
                if (_token == null) await AuthenticateAsync(log, cancellationToken).ConfigureAwait(false);
                return _token ?? throw new InvalidOperationException("Authentication returned no token.");
            }
            finally
            {
                _authLock.Release();
            }
        }

        private void InvalidateToken(string refused)
        {
            // Only forget the token if no other thread has already replaced it.
            Interlocked.CompareExchange(ref _token, null, refused);
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
            string? token = answer.Value<string>("token");
            bool authenticated = answer.Value<bool?>("authenticated") ?? !string.IsNullOrEmpty(token);
            if (!authenticated || string.IsNullOrEmpty(token))
            {
                throw new ImmutaApiException("Immuta did not accept the API key.", ImmutaErrorId.AuthenticationFailed,
                    (int)response.StatusCode, ImmutaFailure.Http, "POST", response.RequestMessage?.RequestUri);
            }
            return token!;
        }

        private static void LogRequest(ApiRequest request, HttpRequestMessage message, IImmutaLog log)
        {
            log.Verbose($"{request.Method} {message.RequestUri}");
            var text = new StringBuilder();
            text.Append(request.Method).Append(' ').Append(message.RequestUri);
            text.Append("\n  Authorization: ").Append(Redacted);
            if (request.JsonBody != null)
            {
                text.Append("\n  Content-Type: application/json");
                text.Append("\n  Body: ").Append(request.BodyForLog ?? "(not shown)");
            }
            log.Debug(text.ToString());
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }

        private static string BuildUserAgent()
        {
            Assembly assembly = typeof(ImmutaClient).Assembly;
            string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
            int plus = version.IndexOf('+');
            if (plus >= 0) version = version.Substring(0, plus);
            return $"ImmutaIntegrations/{version}";
        }
    }
}
