using System.Net;
using System.Security;
using ImmutaIntegrations.Core;

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

    public static ImmutaClient Create(HttpMessageHandler handler, string key = ImmutaIntegrations.Tests.TestEmulator.ApiKey,
        ImmutaAuthMode mode = ImmutaAuthMode.ApiKey, TimeSpan? timeout = null, string url = "http://localhost/") =>
        new(new ImmutaClientOptions(new Uri(url), Key(key)) { AuthMode = mode, Timeout = timeout ?? ImmutaClientOptions.DefaultTimeout }, handler);
}
