using System;
using System.Data.Common;
using System.Management.Automation;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Flows;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Commands
{
    /// <summary>
    /// New-ImmutaIntegration: creates integrations from payload files or objects. -DryRun only validates on
    /// the server; -Wait waits for enabled (a createError is an error with the failed tests); -ManualSetup
    /// runs the type's setup scripts on the platform first, and the cleanup scripts when creation fails.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ImmutaIntegration", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Integration))]
    [OutputType(typeof(ValidationResults))]
    public sealed class NewImmutaIntegrationCommand : ImmutaApiCmdlet
    {
        public const string PathSet = "Path";
        public const string PayloadSet = "Payload";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>A payload: New-ImmutaIntegrationPayload output, a hashtable or PSCustomObject, or a file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PayloadSet, ValueFromPipeline = true)]
        [Alias("InputObject")]
        [ValidateNotNull]
        public object? Payload { get; set; }

        /// <summary>Ask Immuta to validate the payload (dryRun=true) without creating anything.</summary>
        [Parameter]
        public SwitchParameter DryRun { get; set; }

        /// <summary>Wait until the integration is enabled, or report its createError.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [Seconds]
        public TimeSpan Timeout { get; set; } = IntegrationWaiter.DefaultTimeout;

        [Parameter]
        [Seconds]
        public TimeSpan PollInterval { get; set; } = IntegrationWaiter.DefaultPollInterval;

        /// <summary>
        /// Run the manual setup (autoBootstrap false): the type's setup scripts through -DbConnection or -Executor,
        /// then create the integration and wait for it; on a failed creation, run the cleanup scripts.
        /// </summary>
        [Parameter]
        public SwitchParameter ManualSetup { get; set; }

        /// <summary>An open ADO.NET connection to the platform, for -ManualSetup.</summary>
        [Parameter]
        public DbConnection? DbConnection { get; set; }

        /// <summary>A script block run once per statement (its text first, the statement object second), for -ManualSetup.</summary>
        [Parameter]
        public ScriptBlock? Executor { get; set; }

        /// <summary>Skip the confirmation prompt.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private int _inputCount;

        protected override void ProcessRecord() => CreateFlow.Process(this, ++_inputCount);
    }
}
