using System;
using System.Collections.Generic;

namespace ImmutaIntegrations.Core.Changes;

/// <summary>What a change came to.</summary>
public enum ChangeState
{
    /// <summary>A dry run: Immuta validated the change and nothing was changed (<see cref="ChangeOutcome.Validation"/>).</summary>
    Validated,

    /// <summary>Made, and where it was waited for, settled as asked.</summary>
    Made,

    /// <summary>
    /// Immuta took the change, but what became of it is not known: waiting for it failed or timed out
    /// (<see cref="ChangeOutcome.Error"/>), or reading it back failed (<see cref="ChangeOutcome.Integration"/> is then
    /// the change's answer and the payload).
    /// </summary>
    MadeUnconfirmed,

    /// <summary>
    /// It or a step of it failed: refused before sending, refused by Immuta, a script failed, or it settled in an error
    /// status. <see cref="ChangeOutcome.Id"/> and <see cref="ChangeOutcome.Scripts"/> tell how far it got.
    /// </summary>
    Failed,
}

/// <summary>The result of one create, update or delete.</summary>
public sealed class ChangeOutcome
{
    public ChangeState State { get; set; }

    /// <summary>The integration's id, once known.</summary>
    public string? Id { get; set; }

    /// <summary>The integration as the change left it (settled, read back, or as the answer describes it); null after a delete.</summary>
    public Integration? Integration { get; set; }

    /// <summary>A dry run's validation results.</summary>
    public ValidationResults? Validation { get; set; }

    /// <summary>Every statement of the platform scripts the change ran, in order.</summary>
    public IReadOnlyList<ScriptStatementResult> Scripts { get; set; } = Array.Empty<ScriptStatementResult>();

    /// <summary>Why the change failed or could not be confirmed; null when there is nothing to report.</summary>
    public Exception? Error { get; set; }
}
