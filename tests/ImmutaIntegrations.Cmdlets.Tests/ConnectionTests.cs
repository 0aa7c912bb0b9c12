using System.Management.Automation;
using ImmutaIntegrations.Tests;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Connect-Immuta, Get-ImmutaConnection, Disconnect-Immuta and the environment fallback.</summary>
public sealed class ConnectionTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private PowerShellSession _session = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(SampleData.Seed, loopback: true);
        _session = new PowerShellSession();
        _session.Run("Disconnect-Immuta");
    }

    public async Task DisposeAsync()
    {
        _session.Run("Disconnect-Immuta");
        _session.Dispose();
        await _emulator.DisposeAsync();
    }

    private Dictionary<string, object?> Vars(string key = TestEmulator.ApiKey) => new() { ["url"] = _emulator.BaseUrl.ToString(), ["key"] = key };

    [Fact]
    public void Connect_checks_the_key_returns_the_connection_and_makes_it_current()
    {
        var result = _session.Run("$c = Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force); $c; Get-ImmutaConnection", Vars());

        Assert.Null(result.Terminating);
        ImmutaConnection[] connections = result.Of<ImmutaConnection>();
        Assert.Equal(2, connections.Length);
        Assert.Same(connections[0], connections[1]);
        Assert.Equal(_emulator.BaseUrl, connections[0].Url);
        Assert.Equal(ImmutaAuthMode.ApiKey, connections[0].AuthMode);
        Assert.Equal("Connect-Immuta", connections[0].Source);
    }

    [Fact]
    public void Connect_takes_the_key_as_the_password_of_a_credential_and_can_use_bearer_tokens()
    {
        var result = _session.Run("""
            $credential = [pscredential]::new('ignored', (ConvertTo-SecureString $key -AsPlainText -Force))
            Connect-Immuta -Url $url -Credential $credential -AuthMode Bearer | Out-Null
            Get-ImmutaIntegration -Id 2
            """, Vars());

        Assert.Null(result.Terminating);
        Assert.Equal("Databricks", Assert.Single(result.Of<Integration>()).Type);
    }

    [Fact]
    public void A_wrong_key_is_a_terminating_AuthenticationFailed_error_and_nothing_is_remembered()
    {
        var result = _session.Run("Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)", Vars("wrong-key"));

        Assert.NotNull(result.Terminating);
        Assert.Equal("AuthenticationFailed,ImmutaIntegrations.Commands.ConnectImmutaCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, result.Terminating.CategoryInfo.Category);
        // The raw key is checked on the Integrations API itself: its 401 message is Immuta's (here the emulator's).
        Assert.StartsWith("Missing or invalid credentials", result.Terminating.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(_session.Run("Get-ImmutaConnection").Output);
    }

    [Fact]
    public void A_key_without_APPLICATION_ADMIN_fails_Connect_as_Forbidden_and_nothing_is_remembered()
    {
        var result = _session.Run("Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)",
            Vars(ImmutaIntegrations.Tests.TestEmulator.NonAdminKey));

        Assert.Equal("Forbidden,ImmutaIntegrations.Commands.ConnectImmutaCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, result.Terminating.CategoryInfo.Category);
        Assert.Contains("APPLICATION_ADMIN", result.Terminating.ErrorDetails.RecommendedAction);
        Assert.Empty(_session.Run("Get-ImmutaConnection").Output);
    }

    [Fact]
    public void Http_to_a_remote_host_is_refused_before_any_request()
    {
        var result = _session.Run("Connect-Immuta -Url http://acme.immuta.com -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)", Vars());

        Assert.Equal("InsecureUrl,ImmutaIntegrations.Commands.ConnectImmutaCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating.CategoryInfo.Category);
    }

    [Fact]
    public void Without_a_connection_or_environment_commands_say_NotConnected()
    {
        using var environment = new EnvironmentScope(("IMMUTA_URL", null), ("IMMUTA_API_KEY", null));

        var result = _session.Run("Get-ImmutaIntegration");

        Assert.Equal("NotConnected,ImmutaIntegrations.Commands.GetImmutaIntegrationCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Contains("Connect-Immuta", result.Terminating.Exception.Message);
    }

    [Fact]
    public void Without_Connect_the_environment_variables_are_used_and_the_client_reused()
    {
        using var environment = new EnvironmentScope(("IMMUTA_URL", _emulator.BaseUrl.ToString()), ("IMMUTA_API_KEY", TestEmulator.ApiKey));

        var result = _session.Run("Get-ImmutaIntegrationStatus -Id 1; Get-ImmutaConnection; Get-ImmutaConnection");

        Assert.Null(result.Terminating);
        Assert.Equal("enabled", Assert.Single(result.Of<IntegrationStatus>()).Status);
        ImmutaConnection[] connections = result.Of<ImmutaConnection>();
        Assert.Equal("Environment", connections[0].Source);
        Assert.Same(connections[0], connections[1]);
    }

    [Fact]
    public void An_explicit_connection_wins_over_the_current_one()
    {
        var result = _session.Run("""
            $good = Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)
            Disconnect-Immuta
            Get-ImmutaIntegrationStatus -Id 3 -Connection $good
            """, Vars());

        Assert.Null(result.Terminating);
        Assert.Equal("createError", Assert.Single(result.Of<IntegrationStatus>()).Status);
    }

    [Fact]
    public void The_connection_never_shows_the_key()
    {
        var result = _session.Run("""
            $c = Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)
            $c | Format-List * | Out-String
            $c | ConvertTo-Json -Depth 3
            """, Vars());

        Assert.Null(result.Terminating);
        string text = string.Join("\n", result.Output);
        Assert.Contains(_emulator.BaseUrl.ToString(), text);
        Assert.DoesNotContain(TestEmulator.ApiKey, text);
    }
}

/// <summary>Sets environment variables for a test and puts them back afterwards.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly (string Name, string? Value)[] _saved;

    public EnvironmentScope(params (string Name, string? Value)[] values)
    {
        _saved = values.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
        foreach (var (name, value) in values) Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }
}
