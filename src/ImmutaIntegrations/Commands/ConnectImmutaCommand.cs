using System;
using System.Management.Automation;
using System.Security;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Connect-Immuta: checks an API key against a tenant with one request, makes the connection the
/// session's current one and returns it.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Immuta", DefaultParameterSetName = ApiKeySet)]
[OutputType(typeof(ImmutaConnection))]
public sealed class ConnectImmutaCommand : AsyncCmdlet
{
    public const string ApiKeySet = "ApiKey";
    public const string CredentialSet = "Credential";

    /// <summary>The tenant root, e.g. https://example.immuta.com (https is assumed when no scheme is given).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Url { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ApiKeySet)]
    [ValidateNotNull]
    public SecureString? ApiKey { get; set; }

    /// <summary>A credential whose password is the API key (the user name is not used).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public ImmutaAuthMode AuthMode { get; set; } = ImmutaAuthMode.ApiKey;

    /// <summary>How long one request may take, in seconds (default 100).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>How many times a failed request is sent again where that is safe (default 4; 0 = never).</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>A proxy to go through, instead of HTTPS_PROXY/NO_PROXY or the system's.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>Credentials for the proxy.</summary>
    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    protected override void ProcessRecord()
    {
        SecureString key = ParameterSetName == CredentialSet ? Credential!.Password : ApiKey!;
        ImmutaConnection connection;
        try
        {
            connection = Connections.Create(Url, $"'{Url}'", key.Copy(), AuthMode, TimeSpan.FromSeconds(TimeoutSec), Connections.ConnectSource,
                MaxRetries, Proxy, ProxyCredential?.GetNetworkCredential());
        }
        catch (ImmutaRefusedException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Url));
            return;
        }

        WriteVerbose($"Checking the API key with {connection.Url} ({AuthMode}).");
        try
        {
            Run(cancellation => Connections.ClientFor(connection).CheckKeyAsync(new OutputLog(Output), cancellation));
        }
        catch
        {
            // A connection that failed its check is not kept; its HTTP client goes with it.
            connection.ReleaseClient();
            throw;
        }
        Connections.SetCurrent(connection);
        WriteObject(connection);
    }
}
