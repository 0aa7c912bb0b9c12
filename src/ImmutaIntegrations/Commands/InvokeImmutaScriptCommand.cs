using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Management.Automation;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Invoke-ImmutaScript: runs a setup script's statements on the data platform, through an open ADO.NET
/// connection or a script block called once per statement. It stops at the first failure, naming the
/// statement (redacted) and the platform's error. -WhatIf lists the statements and runs none.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ImmutaScript", DefaultParameterSetName = ScriptSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScriptStatementResult))]
public sealed class InvokeImmutaScriptCommand : AsyncCmdlet
{
    public const string ScriptSet = "Script";
    public const string TextSet = "Text";
    public const string PathSet = "Path";

    /// <summary>A script from Get-ImmutaIntegrationScript.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IntegrationScript? Script { get; set; }

    /// <summary>The script's text.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TextSet)]
    [ValidateNotNullOrEmpty]
    public string? Text { get; set; }

    /// <summary>A file holding the script.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// An ADO.NET connection to the platform (Snowflake, Npgsql, SqlClient, Databricks, ...). A closed one is opened for
    /// the script and closed again after it; an open one is left open.
    /// </summary>
    [Parameter]
    public DbConnection? DbConnection { get; set; }

    /// <summary>A script block run once per statement, with the statement's text first and the statement object second.</summary>
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

    protected override void ProcessRecord()
    {
        ScriptStatement[] statements;
        string name;
        IStatementExecutor executor;
        try
        {
            (statements, name) = ParameterSetName switch
            {
                TextSet => (ScriptRunner.Statements(Text!), "given"),
                PathSet => (ScriptRunner.Statements(File.ReadAllText(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path))),
                    System.IO.Path.GetFileName(Path!)),
                _ => (Script!.Statements.Length > 0 ? Script.Statements : ScriptRunner.Statements(Script.Text), Script.Kind.ToString()),
            };
            executor = ScriptExecutors.Require(this, DbConnection, Executor, StatementTimeout);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, ImmutaErrorId.ScriptUnreadable, ErrorCategory.ReadError, Path));
            return;
        }
        catch (Exception e) when (e is ArgumentException || e is ImmutaRefusedException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, (object?)Path ?? Script));
            return;
        }
        int total = statements.Length;
        var progress = new ProgressReporter(Output);
        IReadOnlyList<ScriptStatementResult>? results = null;
        Run(async cancellation =>
        {
            results = await ScriptRunner.RunAsync(statements, name, executor, progress.RunningScript, cancellation,
                (statement, token) => Output.OnPipelineThreadAsync(
                    () => ShouldProcess(SqlRedaction.Redact(statement.Text), $"Run statement {statement.Number} of {total}"), token))
                .ConfigureAwait(false);
            progress.ScriptEnded(name);
        });
        if (Confirmation.WhatIfRequested(this) || results is null) return;
        foreach (ScriptStatementResult result in results) WriteObject(result);
        TryItem(() => ScriptRunner.ThrowIfFailed(results), Script ?? (object?)Path ?? "script");
    }
}
