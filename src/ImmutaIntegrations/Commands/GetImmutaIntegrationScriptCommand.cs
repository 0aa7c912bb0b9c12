using System.Management.Automation;
using ImmutaIntegrations.Flows;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Commands
{
    /// <summary>
    /// Get-ImmutaIntegrationScript: a setup script of a manual setup, split into the statements the module
    /// runs. Edit and Delete are for an integration (-Id; Edit also takes the new payload); the others take a
    /// payload. A kind the type does not have is refused before anything is sent.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImmutaIntegrationScript", DefaultParameterSetName = PayloadSet)]
    [OutputType(typeof(IntegrationScript))]
    public sealed class GetImmutaIntegrationScriptCommand : ImmutaApiCmdlet
    {
        public const string PathSet = "Path";
        public const string PayloadSet = "Payload";
        public const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0)]
        public IntegrationScriptKind Kind { get; set; }

        /// <summary>The integration, for Edit and Delete.</summary>
        [Parameter(ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = PayloadSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        [Parameter(Mandatory = true, ParameterSetName = PayloadSet, ValueFromPipeline = true)]
        [Alias("InputObject")]
        [ValidateNotNull]
        public object? Payload { get; set; }

        /// <summary>Also write the script's text to this file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        protected override void ProcessRecord() => ScriptFlow.Process(this);
    }
}
