using System;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Session;

/// <summary>
/// The session's connections: the one Connect-Immuta made current, or one built from IMMUTA_URL and
/// IMMUTA_API_KEY (the CI path), reused while those variables stay the same. Process-wide, so runspaces
/// of ForEach-Object -Parallel share it.
/// </summary>
internal static class Connections
{
    public const string UrlVariable = "IMMUTA_URL";
    public const string ApiKeyVariable = "IMMUTA_API_KEY";
    public const string EnvironmentSource = "Environment";
    public const string ConnectSource = "Connect-Immuta";

    private static readonly object Gate = new object();
    private static ImmutaConnection? s_current;
    private static EnvironmentConnection? s_environment;

    public static ImmutaConnection? Current
    {
        get { lock (Gate) return s_current; }
    }

    /// <summary>A connection to the tenant at <paramref name="url"/> as a user gives it (<paramref name="what"/> names it in errors).</summary>
    public static ImmutaConnection Create(string url, string what, SecureString apiKey, ImmutaAuthMode authMode, TimeSpan timeout, string source,
        int maxRetries = ImmutaClientOptions.DefaultMaxRetries, Uri? proxy = null, System.Net.NetworkCredential? proxyCredential = null) =>
        new ImmutaConnection(TenantUrl.Parse(url, what), apiKey, authMode, timeout, source, maxRetries, proxy, proxyCredential);

    /// <summary>Makes a connection the session's current one.</summary>
    public static void SetCurrent(ImmutaConnection connection)
    {
        lock (Gate) s_current = connection;
    }

    /// <summary>Forgets a connection (the current one when null) and releases its HTTP client.</summary>
    public static ImmutaConnection? Forget(ImmutaConnection? connection)
    {
        lock (Gate)
        {
            connection ??= s_current;
            if (connection is null) return null;
            if (ReferenceEquals(connection, s_current)) s_current = null;
            if (ReferenceEquals(connection, s_environment?.Connection)) s_environment = null;
        }
        connection.ReleaseClient();
        return connection;
    }

    public static void ForgetAll()
    {
        ImmutaConnection? current, environment;
        lock (Gate)
        {
            current = s_current;
            environment = s_environment?.Connection;
            s_current = null;
            s_environment = null;
        }
        current?.ReleaseClient();
        environment?.ReleaseClient();
    }

    /// <summary>
    /// The connection described by IMMUTA_URL and IMMUTA_API_KEY, or null when either is unset. Its client is kept
    /// while the variables are unchanged, so a loop of calls reuses one HttpClient.
    /// </summary>
    public static ImmutaConnection? FromEnvironment(PipelineOutput? output = null)
    {
        string? url = Environment.GetEnvironmentVariable(UrlVariable);
        string? key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrEmpty(key)) return null;
        string fingerprint = Fingerprint(url!, key!);
        ImmutaConnection? stale = null;
        ImmutaConnection connection;
        lock (Gate)
        {
            if (s_environment != null && s_environment.Fingerprint == fingerprint) return s_environment.Connection;
            connection = Create(url!, $"{UrlVariable} ('{url}')", SecretText.Protect(key!), ImmutaAuthMode.ApiKey, ImmutaClientOptions.DefaultTimeout,
                EnvironmentSource);
            stale = s_environment?.Connection;
            s_environment = new EnvironmentConnection(fingerprint, connection);
        }
        stale?.ReleaseClient();
        output?.Verbose($"Using {connection.Url} from {UrlVariable} and {ApiKeyVariable}.");
        return connection;
    }

    /// <summary>The engine client of a connection, created on first use and shared by every command using it.</summary>
    public static ImmutaClient ClientFor(ImmutaConnection connection) =>
        (ImmutaClient)connection.GetOrCreateClient(c => new ImmutaClient(new ImmutaClientOptions(c.Url, c.ApiKey)
        {
            AuthMode = c.AuthMode,
            Timeout = c.Timeout,
            MaxRetries = c.MaxRetries,
            Proxy = c.Proxy,
            ProxyCredential = c.ProxyCredential,
        }));

    /// <summary>The Integrations API over a connection, logging to a cmdlet's streams.</summary>
    public static IntegrationsApi Api(ImmutaConnection connection, PipelineOutput output) =>
        new IntegrationsApi(ClientFor(connection), new OutputLog(output));

    /// <summary>The change engine over a connection, logging and showing progress on a cmdlet's streams.</summary>
    public static IntegrationChanges Changes(ImmutaConnection connection, PipelineOutput output, IChangeProgress? progress = null) =>
        new IntegrationChanges(Api(connection, output), new OutputLog(output), progress ?? new ProgressReporter(output));

    // A hash, so the session does not keep a second plain copy of the key to compare with.
    private static string Fingerprint(string url, string key)
    {
        using (SHA256 sha = SHA256.Create())
        {
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(url + "\n" + key)));
        }
    }

    private sealed class EnvironmentConnection
    {
        public EnvironmentConnection(string fingerprint, ImmutaConnection connection)
        {
            Fingerprint = fingerprint;
            Connection = connection;
        }

        public string Fingerprint { get; }

        public ImmutaConnection Connection { get; }
    }
}
