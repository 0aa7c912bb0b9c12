using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;

namespace ImmutaIntegrations.Core.Http;

/// <summary>
/// The module's own HTTP handler: certificate validation as the platform does it (never switched off, and no
/// process-wide ServicePointManager change), TLS 1.2 or later on Windows PowerShell, a bounded connection
/// pool, no redirects (the key must not follow one), and the proxy: the one given, else HTTPS_PROXY and
/// NO_PROXY from the environment, else the system's.
/// </summary>
internal static class Transport
{
    public const int MaxConnectionsPerServer = 32;

    public static HttpMessageHandler CreateHandler(ImmutaClientOptions options)
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = MaxConnectionsPerServer,
        };
        IWebProxy? proxy = options.Proxy != null
            ? new WebProxy(options.Proxy) { Credentials = options.ProxyCredential }
            : EnvironmentProxy.FromEnvironment(Environment.GetEnvironmentVariable, options.ProxyCredential);
        if (proxy != null)
        {
            handler.Proxy = proxy;
            handler.UseProxy = true;
        }
        if (IsNetFramework) RequireModernTls(handler);
        return handler;
    }

    private static bool IsNetFramework =>
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    // Windows PowerShell's default may still offer TLS 1.0; this handler, and only it, asks for 1.2 or 1.3.
    private static void RequireModernTls(HttpClientHandler handler)
    {
        const SslProtocols tls13 = (SslProtocols)12288;
        try
        {
            handler.SslProtocols = SslProtocols.Tls12 | tls13;
        }
        catch (NotSupportedException)
        {
            handler.SslProtocols = SslProtocols.Tls12;
        }
    }
}

/// <summary>
/// HTTPS_PROXY / HTTP_PROXY (any case) and NO_PROXY, read the same way on every runtime (Windows
/// PowerShell's .NET ignores them): NO_PROXY lists host names, <c>.domain</c> suffixes, IP addresses,
/// optional ports, or <c>*</c>.
/// </summary>
internal sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri? _https;
    private readonly Uri? _http;
    private readonly string[] _bypass;

    private EnvironmentProxy(Uri? https, Uri? http, string[] bypass, ICredentials? credentials)
    {
        _https = https;
        _http = http;
        _bypass = bypass;
        Credentials = credentials;
    }

    public ICredentials? Credentials { get; set; }

    /// <summary>The environment's proxy, or null when it names none.</summary>
    public static EnvironmentProxy? FromEnvironment(Func<string, string?> environment, NetworkCredential? credential)
    {
        Uri? https = Parse(Read(environment, "HTTPS_PROXY") ?? Read(environment, "ALL_PROXY"));
        Uri? http = Parse(Read(environment, "HTTP_PROXY") ?? Read(environment, "ALL_PROXY"));
        if (https is null && http is null) return null;
        string[] bypass = (Read(environment, "NO_PROXY") ?? string.Empty)
            .Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim().ToLowerInvariant()).ToArray();
        return new EnvironmentProxy(https, http, bypass, credential ?? UserInfo(https ?? http!));
    }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? destination : destination.Scheme == Uri.UriSchemeHttps ? _https : _http;

    public bool IsBypassed(Uri host)
    {
        if ((host.Scheme == Uri.UriSchemeHttps ? _https : _http) is null) return true;
        string name = host.IdnHost.Trim('[', ']').ToLowerInvariant();
        foreach (string entry in _bypass)
        {
            if (entry == "*") return true;
            string pattern = entry;
            int colon = pattern.LastIndexOf(':');
            if (colon > 0 && !pattern.Contains("]") && pattern.Count(c => c == ':') == 1)
            {
                if (pattern.Substring(colon + 1) != host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
                pattern = pattern.Substring(0, colon);
            }
            pattern = pattern.Trim('[', ']');
            if (pattern.StartsWith("*.", StringComparison.Ordinal)) pattern = pattern.Substring(1);
            if (name == pattern.TrimStart('.') || (pattern.StartsWith(".", StringComparison.Ordinal) && name.EndsWith(pattern, StringComparison.Ordinal))
                || name.EndsWith("." + pattern, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static string? Read(Func<string, string?> environment, string name)
    {
        string? value = environment(name) ?? environment(name.ToLowerInvariant());
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    private static Uri? Parse(string? text)
    {
        if (text is null) return null;
        if (text.IndexOf("://", StringComparison.Ordinal) < 0) text = "http://" + text;
        return Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) ? uri : null;
    }

    private static NetworkCredential? UserInfo(Uri proxy)
    {
        if (string.IsNullOrEmpty(proxy.UserInfo)) return null;
        string[] parts = proxy.UserInfo.Split(new[] { ':' }, 2);
        return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }
}
