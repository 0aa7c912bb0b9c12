using System;
using System.Linq;

namespace ImmutaIntegrations;

/// <summary>The setup scripts of a manual setup (docs/api-contract.md §2), one per endpoint.</summary>
public enum IntegrationScriptKind
{
    /// <summary>scripts/create: sets up the Immuta-managed objects.</summary>
    Create,

    /// <summary>{id}/scripts/edit: changes them for an edit.</summary>
    Edit,

    /// <summary>{id}/scripts/delete: removes them, for an integration created successfully.</summary>
    Delete,

    /// <summary>scripts/cleanup: removes them after a failed creation.</summary>
    Cleanup,

    /// <summary>scripts/initial-create: the first of two setup scripts (Redshift, Synapse).</summary>
    InitialCreate,

    /// <summary>scripts/post-cleanup: the second cleanup script after a failed creation (Synapse).</summary>
    PostCleanup,
}

/// <summary>A setup script from Immuta, and its statements as the module will run them.</summary>
public sealed class IntegrationScript
{
    /// <summary>Which script it is: the endpoint it came from.</summary>
    public IntegrationScriptKind Kind { get; set; }

    /// <summary>The API's type name.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>The integration it is for (Edit and Delete), else empty.</summary>
    public string IntegrationId { get; set; } = string.Empty;

    /// <summary>
    /// The script as Immuta sent it, unchanged (what <c>-OutFile</c> writes). Not redacted: a password the script sets is in it as written.
    /// </summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>
    /// The script cut into the statements the module runs one at a time (at each <c>;</c> outside a block, and at <c>GO</c>
    /// lines); empty when the text holds none.
    /// </summary>
    public ScriptStatement[] Statements { get; set; } = Array.Empty<ScriptStatement>();

    /// <summary>Kind, type, integration and the number of statements, e.g. <c>Create script for Snowflake (12 statements)</c>; never the text.</summary>
    public override string ToString() =>
        $"{Kind} script for {Type}{(IntegrationId.Length > 0 ? " integration " + IntegrationId : string.Empty)} ({Statements.Length} statements)";
}

/// <summary>One statement of a script.</summary>
public sealed class ScriptStatement
{
    /// <summary>1-based position in the script.</summary>
    public int Number { get; set; }

    /// <summary>1-based line where it starts in the script's text.</summary>
    public int Line { get; set; }

    /// <summary>
    /// What is sent to the platform: trimmed, without its closing <c>;</c> (or <c>GO</c> line), with the comments written
    /// before it. Not redacted.
    /// </summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>The statement's <see cref="Text"/>, as it is sent (not redacted).</summary>
    public override string ToString() => Text;
}

/// <summary>What running one statement did.</summary>
public sealed class ScriptStatementResult
{
    /// <summary>The statement's 1-based position in its script (<see cref="ScriptStatement.Number"/>).</summary>
    public int Number { get; set; }

    /// <summary>The statement as it may be shown: quoted passwords and keys redacted.</summary>
    public string Statement { get; set; } = string.Empty;

    /// <summary>Succeeded, Failed, Stopped (by Ctrl+C, cancelled on the platform), or NotRun (after a failure or a stop, or under -WhatIf).</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>How long the platform took to run it; zero for a statement not run.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>What the platform reported as affected, when it did.</summary>
    public int? RowsAffected { get; set; }

    /// <summary>The platform's error, for a failed statement.</summary>
    public string? Error { get; set; }

    /// <summary>The connection to the platform was lost while this statement ran: whether it took effect is not known.</summary>
    public bool ConnectionLost { get; set; }

    /// <summary>Which script it came from (e.g. "InitialCreate"), when run as part of a workflow.</summary>
    public string Script { get; set; } = string.Empty;

    /// <summary>Number and status, e.g. <c>3: Failed</c>.</summary>
    public override string ToString() => $"{Number}: {Status}";
}
