using System.Collections.Specialized;
using System.Management.Automation;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Payloads.Writing;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// New-ImmutaIntegrationPayload: builds a payload for a type from -Config, the type's own fields as
/// parameters (Tab completes them once -Type is given) and -Credential, validates it, and returns it with
/// its secrets hidden.
/// </summary>
[Cmdlet(VerbsCommon.New, "ImmutaIntegrationPayload")]
[OutputType(typeof(IntegrationPayload))]
public sealed class NewImmutaIntegrationPayloadCommand : AsyncCmdlet, IDynamicParameters
{
    /// <summary>The integration type: the API's name or a short name (S3, BigQuery, Synapse, Starburst), any case.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(IntegrationTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string Type { get; set; } = string.Empty;

    /// <summary>Immuta configures the platform itself with the (one-time, privileged) credentials in the payload.</summary>
    [Parameter]
    public SwitchParameter AutoBootstrap { get; set; }

    /// <summary>The config, or part of it; the field parameters and -Credential are applied on top.</summary>
    /// <remarks>A hashtable, an ordered dictionary, or an object with properties (as ConvertFrom-Json gives).</remarks>
    [Parameter]
    public object? Config { get; set; }

    /// <summary>Fills the type's user and secret fields (user name and password, client id and secret, ...).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    private RuntimeDefinedParameterDictionary? _fields;

    public object GetDynamicParameters() => _fields = PayloadParameters.For(Type);

    protected override void ProcessRecord()
    {
        TryItem(() =>
        {
            IntegrationType type = IntegrationTypes.Resolve(Type) ?? throw new ImmutaPayloadException(
                $"'{Type}' is not an integration type: use one of {IntegrationTypes.NameList} (or S3, BigQuery, Synapse, Starburst).",
                ImmutaErrorId.PayloadTypeUnknown);
            OrderedDictionary config = PowerShellValues.ToPlain(Config, "config") switch
            {
                null => ConfigDictionary.Create(),
                OrderedDictionary map => map,
                _ => throw new System.ArgumentException("-Config must be a hashtable, an ordered dictionary or an object with properties."),
            };
            PayloadParameters.Apply(_fields, type, config);
            if (Credential != null) PayloadParameters.ApplyCredential(type, config, Credential);
            OrderedDictionary root = PayloadWriter.Document(type.Name, type.HasConfig ? AutoBootstrap.IsPresent : (bool?)null,
                type.HasConfig || config.Count > 0 ? config : null);
            // References are checked when the payload is sent: the variables may only exist where it is sent from.
            var options = PayloadValidationOptions.Default.WithoutSecretReferenceCheck();
            PreparedPayload prepared = PreparedPayload.From(new PayloadDocument(root, "New-ImmutaIntegrationPayload"), options);
            foreach (PayloadProblem warning in prepared.Validation.Warnings) Warnings.Write(this, warning.Message);
            IntegrationPayload payload = prepared.ToPublic();
            payload.Source = "New-ImmutaIntegrationPayload";
            WriteObject(payload);
        }, Type);
    }
}
