using System.Net;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>The module's own HTTP handler: proxies (given, or from the environment), 407, redirects, certificates.</summary>
public sealed class TransportTests
{
    [Fact]
    public async Task A_given_proxy_carries_every_request()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(SampleData.Seed, loopback: true);
        await using var proxy = new TestProxy();
        using var client = new ImmutaClient(new ImmutaClientOptions(emulator.BaseUrl, Clients.Key(TestEmulator.ApiKey)) { Proxy = proxy.Url });

        IntegrationStatus status = await new IntegrationsApi(client).GetStatusAsync("3", CancellationToken.None);

        Assert.Equal("createError", status.Status);
        Assert.Equal(1, proxy.Forwarded);
    }

    [Fact]
    public async Task A_proxy_that_wants_credentials_is_a_clear_error_until_they_are_given()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(SampleData.Seed, loopback: true);
        await using var proxy = new TestProxy("proxy-user", "proxy-pass");
        using var without = new ImmutaClient(new ImmutaClientOptions(emulator.BaseUrl, Clients.Key(TestEmulator.ApiKey)) { Proxy = proxy.Url });
        using var with = new ImmutaClient(new ImmutaClientOptions(emulator.BaseUrl, Clients.Key(TestEmulator.ApiKey))
        {
            Proxy = proxy.Url,
            ProxyCredential = new NetworkCredential("proxy-user", "proxy-pass"),
        });

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(without).GetStatusAsync("1", CancellationToken.None));
        IntegrationStatus status = await new IntegrationsApi(with).GetStatusAsync("1", CancellationToken.None);

        Assert.Equal(ImmutaErrorId.ProxyAuthenticationRequired, error.ErrorId);
        Assert.Contains("-ProxyCredential", error.Message);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("enabled", status.Status);
        Assert.True(proxy.Forwarded >= 1);
    }

    [Theory]
    [InlineData("The proxy tunnel request to proxy 'http://127.0.0.1:3128/' failed with status code '407'.", ImmutaErrorId.ProxyAuthenticationRequired)]
    [InlineData("Connection refused (127.0.0.1:40745)", ImmutaErrorId.ConnectionFailed)]
    [InlineData("No such host is known. (tenant-4071.example:443)", ImmutaErrorId.ConnectionFailed)]
    public async Task A_refused_tunnel_is_told_by_its_status_code_not_by_a_407_anywhere_in_the_message(string message, string errorId)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Throw(new HttpRequestException(message)));
        using ImmutaClient client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Equal(errorId, error.ErrorId);
    }

    [Fact]
    public async Task The_environments_proxy_is_used_and_NO_PROXY_is_honoured()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(SampleData.Seed, loopback: true);
        await using var proxy = new TestProxy();
        using var environment = new EnvironmentVariables(("HTTP_PROXY", proxy.Url.ToString()), ("NO_PROXY", null), ("no_proxy", null), ("http_proxy", null));
        using (var client = new ImmutaClient(new ImmutaClientOptions(emulator.BaseUrl, Clients.Key(TestEmulator.ApiKey))))
        {
            await new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None);
        }
        Environment.SetEnvironmentVariable("NO_PROXY", "127.0.0.1");
        using (var bypassing = new ImmutaClient(new ImmutaClientOptions(emulator.BaseUrl, Clients.Key(TestEmulator.ApiKey))))
        {
            await new IntegrationsApi(bypassing).GetStatusAsync("1", CancellationToken.None);
        }

        Assert.Equal(1, proxy.Forwarded);
    }

    [Theory]
    [InlineData("https://api.acme.com", null, true)]
    [InlineData("https://acme.immuta.com", "*", false)]
    [InlineData("https://acme.immuta.com", ".immuta.com", false)]
    [InlineData("https://acme.immuta.com", "immuta.com", false)]
    [InlineData("https://acme.immuta.com", "*.immuta.com", false)]
    [InlineData("https://immuta.com", ".immuta.com", false)]
    [InlineData("https://notimmuta.com", "immuta.com", true)]
    [InlineData("https://acme.immuta.com", "other.com, acme.immuta.com", false)]
    [InlineData("https://acme.immuta.com:8443", "acme.immuta.com:443", true)]
    [InlineData("https://acme.immuta.com:8443", "acme.immuta.com:8443", false)]
    [InlineData("https://10.1.2.3", "10.1.2.3", false)]
    [InlineData("https://[::1]", "::1", false)]
    public void NO_PROXY_takes_hosts_domains_wildcards_ports_and_addresses(string target, string? noProxy, bool proxied)
    {
        var variables = new Dictionary<string, string?> { ["HTTPS_PROXY"] = "http://proxy.acme.com:3128", ["NO_PROXY"] = noProxy };
        EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(name => variables.GetValueOrDefault(name), null)!;

        Assert.Equal(!proxied, proxy.IsBypassed(new Uri(target)));
        Assert.Equal(proxied ? new Uri("http://proxy.acme.com:3128") : new Uri(target), proxy.GetProxy(new Uri(target)));
    }

    [Fact]
    public void The_environment_names_may_be_lower_case_and_carry_credentials()
    {
        var variables = new Dictionary<string, string?> { ["https_proxy"] = "http://user%40corp:p%3Ass@proxy:3128" };

        EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(name => variables.GetValueOrDefault(name), null)!;

        var credential = (NetworkCredential)proxy.Credentials!;
        Assert.Equal(("user@corp", "p:ss"), (credential.UserName, credential.Password));
        Assert.True(proxy.IsBypassed(new Uri("http://plain.acme.com")));
        Assert.Null(EnvironmentProxy.FromEnvironment(_ => null, null));
    }

    [Fact]
    public void The_handler_follows_no_redirect_keeps_certificate_checks_and_bounds_its_connections()
    {
        using var handler = (HttpClientHandler)Transport.CreateHandler(new ImmutaClientOptions(new Uri("https://acme.immuta.com"), Clients.Key("k")));

        Assert.False(handler.AllowAutoRedirect);
        Assert.Null(handler.ServerCertificateCustomValidationCallback);
        Assert.Equal(Transport.MaxConnectionsPerServer, handler.MaxConnectionsPerServer);
        Assert.False(handler.UseCookies);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_key_goes_nowhere_else()
    {
        var handler = new ScriptedHandler(request =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri("https://elsewhere.example.com/integrations");
            return response;
        });
        using ImmutaClient client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Equal(302, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    /// <summary>Sets environment variables for a test and puts them back afterwards.</summary>
    private sealed class EnvironmentVariables : IDisposable
    {
        private readonly (string Name, string? Value)[] _saved;

        public EnvironmentVariables(params (string Name, string? Value)[] values)
        {
            _saved = values.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
            foreach (var (name, value) in values) Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose()
        {
            foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        }
    }
}
