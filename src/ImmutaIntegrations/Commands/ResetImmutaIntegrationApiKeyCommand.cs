using System.Management.Automation;
using System.Security;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Reset-ImmutaIntegrationApiKey: a new Immuta API key for a Starburst (Trino) integration. The old key
/// stops working at once. The new key comes back as a SecureString unless -AsPlainText.
/// </summary>
[Cmdlet(VerbsCommon.Reset, "ImmutaIntegrationApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(SecureString))]
[OutputType(typeof(string))]
public sealed class ResetImmutaIntegrationApiKeyCommand : ConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string[] Id { get; set; } = new string[0];

    /// <summary>Return the key as plain text (it then shows wherever the output goes).</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        var api = Connections.Api(connection, Output);
        foreach (string id in Id)
        {
            if (!Confirmation.ShouldChange(this, $"integration {id}", "Regenerate its API key (the current key stops working at once)", Force)) continue;
            RunForEach(new[] { id }, api.RegenerateApiKeyAsync, key => Output.Object(AsPlainText ? (object)key : SecretText.Protect(key)));
        }
    }
}
