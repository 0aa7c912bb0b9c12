using System;
using System.Globalization;
using System.Linq;

namespace ImmutaIntegrations;

/// <summary>What applying payload files does to one integration.</summary>
public enum IntegrationPlanAction
{
    /// <summary>The integration is as the file says (secrets, which Immuta never shows, are not compared).</summary>
    NoChange = 0,

    /// <summary>No integration of the file's type and target exists: it is created.</summary>
    Create = 1,

    /// <summary>The integration exists and some of the file's fields differ, or its secrets are sent again (a rotation): it is updated (PUT).</summary>
    Update = 2,

    /// <summary>A field that cannot change once configured differs: the integration is deleted and created again (-AllowReplace).</summary>
    Replace = 3,

    /// <summary>The integration is in no file: it is deleted (only with -Prune).</summary>
    Delete = 4,
}

/// <summary>One field a plan changes: its path, what Immuta has, what the file says.</summary>
public sealed class IntegrationFieldChange
{
    /// <summary>The field's path, e.g. <c>config.impersonation.enabled</c> or <c>autoBootstrap</c>.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Immuta's value (null when it has none).</summary>
    public object? Before { get; set; }

    /// <summary>The file's value (null when the file has none).</summary>
    public object? After { get; set; }

    /// <summary>True for a field that cannot change once the integration is configured (it makes a Replace).</summary>
    public bool Immutable { get; set; }

    /// <summary>
    /// True for a field whose secret is sent again as its reference finds it now (a rotation: <c>-RotateSecret</c>). Immuta
    /// never shows a secret and the plan never holds one, so <see cref="Before"/> and <see cref="After"/> are null; it shows
    /// as <c>config.token: (secret) -> (secret, sent again)</c>.
    /// </summary>
    public bool SentAgain { get; set; }

    /// <summary>What a secret sent again shows before the arrow: <c>(secret)</c>.</summary>
    public const string SecretShown = "(secret)";

    /// <summary>What a secret sent again shows after the arrow: <c>(secret, sent again)</c>.</summary>
    public const string SentAgainShown = "(secret, sent again)";

    /// <summary>Immuta's value as the plan shows it: <see cref="Show"/> of <see cref="Before"/>, or <c>(secret)</c> for a secret sent again.</summary>
    public string ShowBefore() => SentAgain ? SecretShown : Show(Before);

    /// <summary>The file's value as the plan shows it: <see cref="Show"/> of <see cref="After"/>, or <c>(secret, sent again)</c>.</summary>
    public string ShowAfter() => SentAgain ? SentAgainShown : Show(After);

    /// <summary>
    /// The path and both values as <see cref="ShowBefore"/> and <see cref="ShowAfter"/> write them, e.g.
    /// <c>config.port: 443 -> 8443</c>, <c>config.token: (secret) -> (secret, sent again)</c>.
    /// </summary>
    public override string ToString() => $"{Path}: {ShowBefore()} -> {ShowAfter()}";

    /// <summary>A value as the plan shows it: text quoted, lists in brackets, nothing as (none).</summary>
    public static string Show(object? value) => value switch
    {
        null => "(none)",
        string text => $"'{text}'",
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items when !(value is System.Collections.IDictionary) =>
            "[" + string.Join(", ", items.Cast<object?>().Select(Show)) + "]",
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>One integration in a plan (Compare-ImmutaIntegration): what is to be done, and why.</summary>
public sealed class IntegrationPlanItem
{
    /// <summary>What is to be done: NoChange, Create, Update, Replace or Delete (see <see cref="IntegrationPlanAction"/>).</summary>
    public IntegrationPlanAction Action { get; set; }

    /// <summary>The API's type name.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>What identifies the integration within its type: the host, workspace URL, dataset and location, S3 path.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The existing integration's id; null for a Create.</summary>
    public string? Id { get; set; }

    /// <summary>The file (and item) that describes the integration; null for a Delete.</summary>
    public string? Source { get; set; }

    /// <summary>
    /// The fields that differ (Update, Replace); secrets are never compared or shown. A rotation (<c>-RotateSecret</c>) adds
    /// one for each field whose secret is sent again (<see cref="IntegrationFieldChange.SentAgain"/>), its value never shown.
    /// </summary>
    public IntegrationFieldChange[] Changes { get; set; } = Array.Empty<IntegrationFieldChange>();

    /// <summary>
    /// Why the item is planned as it is, in words: for a Replace or a Delete, for an Update of an integration whose last
    /// change failed (the file is sent again), and for an item whose secrets are sent again (a rotation); null otherwise.
    /// </summary>
    public string? Reason { get; set; }

    /// <summary>The integration as Immuta has it (null for a Create).</summary>
    public Integration? Current { get; set; }

    /// <summary>The saved plan the item belongs to (<c>Compare-ImmutaIntegration -OutFile</c>, <c>Import-ImmutaIntegrationPlan</c>); null otherwise.</summary>
    public IntegrationPlanFile? PlanFile { get; set; }

    /// <summary>The prepared payload behind the item (the engine's own type), for applying it.</summary>
    internal object? Desired { get; set; }

    /// <summary>
    /// Action, type and target, the id when the integration exists, then the changes, e.g.
    /// <c>Update Snowflake acme.snowflakecomputing.com (id 5): config.warehouse: 'A' -> 'B'</c>.
    /// </summary>
    public override string ToString() =>
        $"{Action} {Type} {Target}" + (Id is null ? string.Empty : $" (id {Id})")
        + (Changes.Length == 0 ? string.Empty : ": " + string.Join("; ", Changes.Select(c => c.ToString())));
}

/// <summary>What Sync-ImmutaIntegration did to one integration.</summary>
public sealed class IntegrationSyncResult
{
    /// <summary>What the plan said to do.</summary>
    public IntegrationPlanAction Action { get; set; }

    /// <summary>The API's type name, as in the plan.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>What identifies the integration within its type (host, workspace URL, dataset and location, S3 path), as in the plan.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The integration's id: the new one after a Create or Replace.</summary>
    public string? Id { get; set; }

    /// <summary>The file (and item) that describes the integration; null for a Delete.</summary>
    public string? Source { get; set; }

    /// <summary>Done (or nothing to do), or Failed (with the error written for it; a Replace without -AllowReplace fails).</summary>
    public IntegrationSyncOutcome Outcome { get; set; }

    /// <summary>
    /// What was done (<c>no change</c>, <c>updated</c>, <c>created</c>, <c>replaced (...)</c>, <c>deleted</c>), or for a failed
    /// item, why it failed.
    /// </summary>
    public string? Message { get; set; }

    /// <summary>
    /// The fields the plan found different (Update, Replace); empty for NoChange, Create and Delete. A secret is there only as
    /// sent again (a rotation), never its value.
    /// </summary>
    public IntegrationFieldChange[] Changes { get; set; } = Array.Empty<IntegrationFieldChange>();

    /// <summary>
    /// The integration as it stands after the change: as it was for NoChange and for a Replace not applied without
    /// -AllowReplace; null after a Delete or a failed change.
    /// </summary>
    public Integration? Integration { get; set; }

    /// <summary>
    /// Outcome, action, type and target, then the message in brackets, e.g.
    /// <c>Done: Create Snowflake acme.snowflakecomputing.com (created)</c>.
    /// </summary>
    public override string ToString() => $"{Outcome}: {Action} {Type} {Target}" + (Message is null ? string.Empty : $" ({Message})");
}

/// <summary>How applying one plan item ended (<see cref="IntegrationSyncResult.Outcome"/>).</summary>
public enum IntegrationSyncOutcome
{
    /// <summary>The change was made and the integration settled, or the plan had nothing to do for it.</summary>
    Done = 0,

    /// <summary>
    /// The change failed, or was not allowed (a Replace without <c>-AllowReplace</c>): an error was written for it, the other
    /// items went on, and <c>$LASTEXITCODE</c> is 1 when the command ends.
    /// </summary>
    Failed = 1,
}

/// <summary>One file Export-ImmutaIntegration wrote.</summary>
public sealed class IntegrationExportFile
{
    /// <summary>The id of the integration the file describes.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The API's type name.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>What identifies the integration within its type (host, workspace URL, dataset and location, S3 path), as plans show it.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The file's full path.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// The references the file's secrets are written as, in its order: <c>${env:NAME}</c>, <c>${file:secrets/NAME.txt}</c> or
    /// <c>${secret:NAME}</c> (Export-ImmutaIntegration -SecretReference). Set those variables, write those files or store those
    /// secrets before applying the file.
    /// </summary>
    public string[] References { get; set; } = Array.Empty<string>();

    /// <summary>The environment variables the file's secrets refer to (<c>${env:NAME}</c>); set them before applying it. None for files and vaults.</summary>
    public string[] Variables { get; set; } = Array.Empty<string>();

    /// <summary>False when the file already held exactly this (exporting again changes nothing).</summary>
    public bool Changed { get; set; }

    /// <summary>The file's full path (<see cref="Path"/>).</summary>
    public override string ToString() => Path;
}
