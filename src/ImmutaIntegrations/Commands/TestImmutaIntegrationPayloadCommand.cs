using System.Collections.Generic;
using System.Management.Automation;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Test-ImmutaIntegrationPayload: checks payloads offline, before anything is sent, and reports every
/// problem of each at once. -Quiet answers one true or false for everything it was given.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImmutaIntegrationPayload", DefaultParameterSetName = PathSet)]
[OutputType(typeof(PayloadValidationResult))]
[OutputType(typeof(bool))]
public sealed class TestImmutaIntegrationPayloadCommand : AsyncCmdlet
{
    public const string PathSet = "Path";
    public const string PayloadSet = "Payload";

    /// <summary>Payload files: .json, .yaml or .yml, each holding one payload or a list.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Payload objects: hashtables, PSCustomObjects, New-ImmutaIntegrationPayload output, or files.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PayloadSet, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public object[] Payload { get; set; } = new object[0];

    /// <summary>Answer only whether every payload is valid.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>
    /// Resolve every reference as a sending command would: each ${env:} variable set, each ${file:} file readable, each
    /// ${secret:} found by Get-Secret. Without it only a reference's form is checked, so a lint needs no secret.
    /// </summary>
    [Parameter]
    public SwitchParameter ResolveSecrets { get; set; }

    private bool _allValid = true;
    private int _inputCount;

    protected override void ProcessRecord()
    {
        var options = ResolveSecrets ? SessionSecrets.ForSending(this) : SessionSecrets.FormOnly(this);
        if (ParameterSetName == PathSet)
        {
            foreach (string path in Path)
            {
                foreach (string file in PayloadInput.ResolvePaths(this, path)) Check(() => PayloadInput.ValidateFile(file, options), file);
            }
        }
        else
        {
            foreach (object input in Payload)
            {
                string origin = $"input object {++_inputCount}";
                Check(() => PayloadInput.ValidateObject(this, input, origin, options), input);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (Quiet) WriteObject(_allValid);
    }

    private void Check(System.Func<IEnumerable<PayloadValidationResult>> validate, object target)
    {
        bool checkedIt = TryItem(() =>
        {
            foreach (PayloadValidationResult result in validate())
            {
                _allValid &= result.IsValid;
                AgentAnnotations.Write(this, result.Problems);
                if (!Quiet) WriteObject(result);
            }
        }, target);
        // A file that is not there, or an object a payload cannot hold: not valid, and said as an error.
        if (!checkedIt) _allValid = false;
    }
}
