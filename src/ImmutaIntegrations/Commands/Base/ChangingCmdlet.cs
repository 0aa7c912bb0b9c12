using System;
using System.Data.Common;
using System.Management.Automation;

namespace ImmutaIntegrations.Commands.Base;

/// <summary>
/// The base of the cmdlets that change integrations (New, Set, Remove, Sync): how long and how often to wait for a
/// change to settle, what runs the setup scripts of a manual setup on the platform, and skipping confirmation.
/// </summary>
public abstract class ChangingCmdlet : ConnectedCmdlet
{
    /// <summary>How long a wait for a change to settle lasts at most (seconds, or a time span); default 10 minutes.</summary>
    [Parameter]
    [Seconds]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a wait asks for the status (seconds, or a time span); default 2 seconds.</summary>
    [Parameter]
    [Seconds]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// An ADO.NET connection to the platform, to run the setup scripts of a manual setup. A closed one is opened for each
    /// script and closed again after it; an open one is left open.
    /// </summary>
    [Parameter]
    public DbConnection? DbConnection { get; set; }

    /// <summary>
    /// A script block run once per statement of the setup scripts, with the statement's text first and the statement
    /// object second (instead of -DbConnection).
    /// </summary>
    [Parameter]
    public ScriptBlock? Executor { get; set; }

    /// <summary>
    /// The time limit of each statement run on -DbConnection (seconds, or a time span; zero for none), set as the
    /// command's <c>CommandTimeout</c>, which the provider enforces; by default the provider's own (30 seconds for
    /// Npgsql and SqlClient).
    /// </summary>
    [Parameter]
    [Seconds]
    public TimeSpan? StatementTimeout { get; set; }

    /// <summary>Skip the confirmation prompt (-WhatIf still sends nothing).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        // The ids Tab completes (and their statuses) are about to change: the first Tab after this command reads them
        // again instead of offering a list without the integration just created.
        IntegrationListCache.Invalidate();
    }
}
