using System;
using System.Management.Automation;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Test-ImmutaIntegration: has Immuta validate a create (or, with -Id, an update) without changing
/// anything (dryRun=true), and returns its validation tests.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImmutaIntegration", DefaultParameterSetName = PayloadSet)]
[OutputType(typeof(ValidationTest))]
public sealed class TestImmutaIntegrationCommand : ConnectedCmdlet
{
    public const string PathSet = "Path";
    public const string PayloadSet = "Payload";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    [Parameter(Mandatory = true, ParameterSetName = PayloadSet, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public object? Payload { get; set; }

    /// <summary>Test an update of this integration instead of a create (a piped Integration gives its own).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string? Id { get; set; }

    /// <summary>Fills the payload's user and secret fields.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    private int _inputCount;

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        string origin = $"input object {++_inputCount}";
        PreparedPayload? payload = TryItem(() => PayloadInput.Single(this, ParameterSetName == PathSet ? Path : null, Payload, origin, Credential),
            (object?)Payload ?? Path);
        if (payload is null) return;
        var api = Connections.Api(connection, Output);
        Run(cancellation => TryItemAsync(async () =>
        {
            ChangeResult result = Id is null
                ? await api.CreateAsync(payload, dryRun: true, cancellation).ConfigureAwait(false)
                : await api.UpdateAsync(Id, payload, dryRun: true, cancellation).ConfigureAwait(false);
            Output.Verbose($"{payload.Origin}: {result.ValidationResults.Summary}.");
            foreach (ValidationTest test in result.ValidationResults.ValidationTests) Output.Object(test);
        }, payload.Origin));
    }
}
