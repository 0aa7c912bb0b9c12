using System.Net;
using System.Security;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>A log that keeps every line, to check what the engine reports (and what it must never show).</summary>
internal sealed class RecordingLog : IImmutaLog
{
    private readonly List<string> _lines = new();

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    public void Verbose(string message) => Add("VERBOSE: " + message);

    public void Debug(string message) => Add("DEBUG: " + message);

    public void Warning(string message) => Add("WARNING: " + message);

    private void Add(string line)
    {
        lock (_lines) _lines.Add(line);
    }
}

/// <summary>Records every request, then passes it on.</summary>
internal sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public List<(HttpMethod Method, string Path, string? Authorization)> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!.AbsolutePath,
                request.Headers.TryGetValues("Authorization", out var values) ? values.Single() : null));
        }
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Answers requests from a list, in order (the last one repeats), and remembers what was asked.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
{
    public List<string> Requests { get; } = new();

    public static Func<HttpRequestMessage, HttpResponseMessage> Status(HttpStatusCode status, string body = "{}", string? retryAfter = null) => _ =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (retryAfter != null) response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    };

    public static Func<HttpRequestMessage, HttpResponseMessage> Throw(Exception error) => _ => throw error;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int index;
        lock (Requests)
        {
            index = Requests.Count;
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
        }
        return Task.FromResult(answers[Math.Min(index, answers.Length - 1)](request));
    }
}

/// <summary>
/// Passes requests to the emulator, but loses the answer of the ones a test picks: the server acts, the
/// client sees a broken connection (as when a connection drops after processing).
/// </summary>
internal sealed class LosingHandler(HttpMessageHandler inner, Func<HttpRequestMessage, int, bool> lose) : DelegatingHandler(inner)
{
    private int _count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int number = Interlocked.Increment(ref _count);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        if (!lose(request, number)) return response;
        response.Dispose();
        throw new HttpRequestException("The response ended prematurely.", new IOException("Connection reset by peer"));
    }
}

/// <summary>Answers every request with what a test decides.</summary>
internal sealed class FakeHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public int Calls;

    public static FakeHandler Answer(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType) }));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return answer(request, cancellationToken);
    }
}

internal static class Clients
{
    public static SecureString Key(string key) => SecretText.Protect(key);

    /// <summary>A client; retries wait only a few milliseconds so the tests stay fast.</summary>
    public static ImmutaClient Create(HttpMessageHandler handler, string key = ImmutaIntegrations.Tests.TestEmulator.ApiKey,
        ImmutaAuthMode mode = ImmutaAuthMode.ApiKey, TimeSpan? timeout = null, string url = "http://localhost/", int maxRetries = 4) =>
        new(new ImmutaClientOptions(new Uri(url), Key(key))
        {
            AuthMode = mode,
            Timeout = timeout ?? ImmutaClientOptions.DefaultTimeout,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        }, handler);
}
