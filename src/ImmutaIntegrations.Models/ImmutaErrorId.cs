namespace ImmutaIntegrations;

/// <summary>
/// The stable error ids of the module. They are the first part of an ErrorRecord's
/// FullyQualifiedErrorId, so scripts and tests can rely on them.
/// </summary>
public static partial class ImmutaErrorId
{
    // Answers from Immuta, by status code unless a command knows better.

    /// <summary>
    /// Immuta answered 400 to a call that has no id of its own for it (a script request, a DELETE refused for another
    /// reason than credentials, <c>Invoke-ImmutaApi</c>). A 400 to a create or update payload is <see cref="PayloadRejected"/>.
    /// </summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>
    /// Immuta answered 401: the API key (or, in <see cref="ImmutaAuthMode.Bearer"/> mode, the token even after one fresh
    /// exchange) was refused. The key may have been revoked. A refusal while checking the key is <see cref="AuthenticationFailed"/>.
    /// </summary>
    public const string Unauthorized = "Unauthorized";

    /// <summary>Immuta answered 403: usually the key's user lacks the <c>APPLICATION_ADMIN</c> permission every call of the API needs.</summary>
    public const string Forbidden = "Forbidden";

    /// <summary>
    /// Immuta answered 404 to a call that is not about one integration: the list of integrations, the key check,
    /// <c>Invoke-ImmutaApi</c>. Often a wrong tenant URL. An unknown integration id is <see cref="IntegrationNotFound"/>.
    /// </summary>
    public const string NotFound = "NotFound";

    /// <summary>
    /// Immuta answered 404 to a call for one integration (get, status, update, delete, key regeneration, scripts): no
    /// integration has that id, or it is gone.
    /// </summary>
    public const string IntegrationNotFound = "IntegrationNotFound";

    /// <summary>
    /// Immuta answered 409 to a create (or to an update whose message says "already exists"): the type already has an
    /// integration on that host. <see cref="ImmutaApiException.ConflictingId"/> is that integration's id when Immuta named it.
    /// </summary>
    public const string IntegrationExists = "IntegrationExists";

    /// <summary>
    /// Immuta answered 409 to an update or a delete: the integration is creating, editing or deleting. Wait for it
    /// (<c>Wait-ImmutaIntegration</c>), then try again.
    /// </summary>
    public const string IntegrationBusy = "IntegrationBusy";

    /// <summary>
    /// Immuta answered 422 to a create (a dry run included): the platform's prerequisite setup, or a Databricks metastore,
    /// failed validation and nothing was created. Where the module ran the setup scripts, it has run the cleanup scripts too.
    /// </summary>
    public const string PrerequisiteFailed = "PrerequisiteFailed";

    /// <summary>
    /// Immuta answered 400 to a create or update payload that the module's own validation accepted: Immuta's message
    /// names what it refused.
    /// </summary>
    public const string PayloadRejected = "PayloadRejected";

    /// <summary>
    /// Deleting an automatically configured Snowflake, Redshift or Azure Synapse Analytics integration needs the privileged
    /// account (<c>-Credential</c>) and none was given: refused before sending (an <see cref="ImmutaRefusedException"/>),
    /// or answered 400 by Immuta (an <see cref="ImmutaApiException"/>). <c>-ForceDisable</c> removes it without them.
    /// </summary>
    public const string CredentialsRequired = "CredentialsRequired";

    /// <summary>
    /// Immuta answered 400 to a DELETE because it was sent credentials it does not take (a manual setup, Databricks).
    /// The module leaves unneeded credentials out, so this means Immuta sees the integration otherwise than the module did.
    /// </summary>
    public const string CredentialsNotAccepted = "CredentialsNotAccepted";

    /// <summary>Immuta answered 409 to a call that has no id of its own for it (key regeneration, scripts, <c>Invoke-ImmutaApi</c>).</summary>
    public const string Conflict = "Conflict";

    /// <summary>Immuta answered 422 to anything but a create (an update, a delete, <c>Invoke-ImmutaApi</c>).</summary>
    public const string ValidationFailed = "ValidationFailed";

    /// <summary>
    /// Immuta answered 429 (too many requests) and kept doing so through every retry the connection allows
    /// (<see cref="ImmutaConnection.MaxRetries"/>); each retry waited as Retry-After asked, up to a limit.
    /// </summary>
    public const string Throttled = "Throttled";

    /// <summary>
    /// Immuta, or a gateway before it, answered with a 5xx status other than 504 (which is <see cref="RequestTimeout"/>).
    /// A 503 is retried first, and a 502 where sending the request again is safe; a 500 is not retried.
    /// </summary>
    public const string ServerError = "ServerError";

    /// <summary>Immuta answered with an error status that no other id covers (e.g. 405 or 415).</summary>
    public const string UnexpectedStatus = "UnexpectedStatus";

    // Failures without an answer.

    /// <summary>
    /// A request got no answer within <see cref="ImmutaConnection.Timeout"/> (<see cref="ImmutaFailure.Timeout"/>, status 0),
    /// or was answered 408 or 504; retried first where that is safe. A change may have been made all the same
    /// (<see cref="ImmutaApiException.AfterLostResponse"/>).
    /// </summary>
    public const string RequestTimeout = "RequestTimeout";

    /// <summary>
    /// The tenant could not be reached, or the connection broke: DNS, refused, reset, TLS, proxy
    /// (<see cref="ImmutaFailure.Transport"/>, status 0). Retried first where that is safe.
    /// </summary>
    public const string ConnectionFailed = "ConnectionFailed";

    /// <summary>
    /// An answer came but is not what the API promises: an HTML page (a proxy's sign-in page, a captive portal), JSON the
    /// module cannot read, or a key check answered in another shape (<see cref="ImmutaFailure.InvalidResponse"/>). Not retried.
    /// </summary>
    public const string InvalidResponse = "InvalidResponse";

    /// <summary>A proxy asked for credentials (407): give them with <c>Connect-Immuta -ProxyCredential</c>.</summary>
    public const string ProxyAuthenticationRequired = "ProxyAuthenticationRequired";

    // Refused by the module before anything is sent.

    /// <summary>
    /// A command that talks to Immuta has no connection: no <c>Connect-Immuta</c> in the session (or it was ended), no
    /// <c>-Connection</c>, and IMMUTA_URL or IMMUTA_API_KEY not set. The error record wraps an InvalidOperationException.
    /// </summary>
    public const string NotConnected = "NotConnected";

    /// <summary>
    /// The tenant URL (<c>Connect-Immuta -Url</c> or IMMUTA_URL) uses http for an address other than loopback, which would
    /// send the API key unencrypted. An <see cref="ImmutaRefusedException"/> that concerns the connection.
    /// </summary>
    public const string InsecureUrl = "InsecureUrl";

    /// <summary>
    /// The tenant URL (<c>Connect-Immuta -Url</c> or IMMUTA_URL) is not a URL, or not an http or https one; https:// is
    /// assumed when no scheme is given. An <see cref="ImmutaRefusedException"/> that concerns the connection.
    /// </summary>
    public const string InvalidUrl = "InvalidUrl";

    /// <summary>
    /// The key check (<c>POST /bim/apikey/authenticate</c>, made by <c>Connect-Immuta</c> and by every token exchange in
    /// <see cref="ImmutaAuthMode.Bearer"/> mode) was answered 401 or 403, or said the key was not accepted.
    /// </summary>
    public const string AuthenticationFailed = "AuthenticationFailed";

    /// <summary>
    /// An integration id that is not a whole number (at most 19 digits, e.g. <c>5</c>): refused before it is put in a request
    /// path. An <see cref="ImmutaRefusedException"/>.
    /// </summary>
    public const string InvalidId = "InvalidId";

    // Payloads, refused before anything is sent.

    /// <summary>
    /// A payload file is not there, or <c>-Path</c> of <c>Compare-ImmutaIntegration</c> or <c>Sync-ImmutaIntegration</c>
    /// found no payload file at all. An <see cref="ImmutaPayloadException"/> (or PowerShell's own ItemNotFoundException).
    /// </summary>
    public const string PayloadFileNotFound = "PayloadFileNotFound";

    /// <summary>
    /// A payload file cannot be read as a payload: not valid JSON or YAML, empty or only comments, not text (binary, not
    /// UTF-8 or UTF-16), too large, or a folder. <see cref="ImmutaPayloadException.Line"/> and <see cref="ImmutaPayloadException.Column"/>
    /// say where, when known. <c>Test-ImmutaIntegrationPayload</c> reports it as a result instead.
    /// </summary>
    public const string PayloadFileInvalid = "PayloadFileInvalid";

    /// <summary>
    /// A payload failed validation (<see cref="ImmutaPayloadException.Problems"/> lists every problem, an unset
    /// <c>${env:NAME}</c> variable among them), two payloads describe the same integration, a command that takes one payload
    /// was given none or several, or some of the files given to <c>Compare-</c> or <c>Sync-ImmutaIntegration</c> were invalid.
    /// </summary>
    public const string PayloadInvalid = "PayloadInvalid";

    /// <summary>
    /// <c>New-ImmutaIntegrationPayload -Type</c> names no integration type the module knows. (An unknown type inside a
    /// payload is a problem of <see cref="PayloadInvalid"/>.)
    /// </summary>
    public const string PayloadTypeUnknown = "PayloadTypeUnknown";

    /// <summary>
    /// An update (<c>Set-ImmutaIntegration</c>) would change a field fixed at creation (a database, a catalog, an S3 account
    /// or region), or gives a payload of another type. Nothing is sent; <c>Sync-ImmutaIntegration</c> plans a Replace instead.
    /// </summary>
    public const string ImmutableFieldChanged = "ImmutableFieldChanged";

    /// <summary>An update of an integration whose type takes none (Starburst (Trino): the API has no PUT for it). Nothing is sent.</summary>
    public const string UpdateNotSupported = "UpdateNotSupported";

    /// <summary>
    /// A script the integration's type does not have (see <see cref="IntegrationScriptKind"/>), or <c>-ManualCleanup</c> for
    /// an integration that was configured automatically or whose type has no delete script. Nothing is sent.
    /// </summary>
    public const string ScriptNotAvailable = "ScriptNotAvailable";

    // Outcomes of waiting and of running scripts.

    /// <summary>
    /// An integration that was waited for ended in an error status (<c>createError</c>, <c>editError</c>, <c>deleteError</c>,
    /// ...). The error is an <see cref="ImmutaIntegrationFailedException"/> listing the failed validation tests.
    /// </summary>
    public const string IntegrationFailed = "IntegrationFailed";

    /// <summary>
    /// An integration was still creating, editing or deleting when the wait's <c>-Timeout</c> ran out; it may still settle.
    /// An <see cref="ImmutaApiException"/> with <see cref="ImmutaFailure.Timeout"/>, status 0 and no request.
    /// </summary>
    public const string WaitTimeout = "WaitTimeout";

    /// <summary>
    /// A statement of a setup script failed on the data platform and the statements after it were not run. The error is
    /// an <see cref="ImmutaScriptException"/>.
    /// </summary>
    public const string ScriptStatementFailed = "ScriptStatementFailed";

    /// <summary>
    /// The connection to the data platform was lost while a statement of a setup script ran (the server went away, the
    /// session was terminated): whether that statement took effect is not known, the statements before it completed, and
    /// those after it were not run. The script can be run again once the platform can be reached. An
    /// <see cref="ImmutaScriptException"/> whose results mark the statement <see cref="ScriptStatementResult.ConnectionLost"/>.
    /// </summary>
    public const string ScriptConnectionLost = "ScriptConnectionLost";

    /// <summary>
    /// Scripts were to be run (<c>Invoke-ImmutaScript</c>, <c>-ManualSetup</c>, <c>-ManualCleanup</c>) but neither <c>-DbConnection</c>
    /// nor <c>-Executor</c> was given, so there is nothing to run the statements with. Nothing was sent.
    /// </summary>
    public const string ScriptExecutorMissing = "ScriptExecutorMissing";

    /// <summary>A script file given to <c>Invoke-ImmutaScript -Path</c> could not be read.</summary>
    public const string ScriptUnreadable = "ScriptUnreadable";

    // Applying payload files (Sync-ImmutaIntegration, Export-ImmutaIntegration)

    /// <summary>
    /// <c>Sync-ImmutaIntegration</c> planned a Replace (delete, then create again) without <c>-AllowReplace</c>: that item is
    /// not changed and fails, the others go on. Under <c>-WhatIf</c> it is a warning instead.
    /// </summary>
    public const string ReplaceNotAllowed = "ReplaceNotAllowed";

    /// <summary>
    /// <c>Export-ImmutaIntegration</c> could not write a file or the schemas folder (an I/O or access error). A non-terminating
    /// error: the other integrations are still exported.
    /// </summary>
    public const string ExportFileNotWritten = "ExportFileNotWritten";

    // Saved plans (Compare-ImmutaIntegration -OutFile, Import-ImmutaIntegrationPlan, Sync-ImmutaIntegration -Plan)

    /// <summary>The saved plan file given to <c>Sync-ImmutaIntegration -Plan</c> or <c>Import-ImmutaIntegrationPlan</c> is not there.</summary>
    public const string PlanFileNotFound = "PlanFileNotFound";

    /// <summary><c>Compare-ImmutaIntegration -OutFile</c> could not write the plan file (an I/O or access error). Nothing was written.</summary>
    public const string PlanFileNotWritten = "PlanFileNotWritten";

    /// <summary>
    /// A file given as a saved plan is not one: empty, not written by <c>Compare-ImmutaIntegration -OutFile</c>, or changed
    /// since it was written (edited, truncated, its line endings converted: its checksum no longer matches). Nothing was
    /// changed. An <see cref="ImmutaPlanException"/>.
    /// </summary>
    public const string PlanFileInvalid = "PlanFileInvalid";

    /// <summary>
    /// A saved plan was written in a plan format this version of the module cannot read (by a newer version, say). Nothing
    /// was changed: plan again with this version, or apply it with the version that wrote it. An <see cref="ImmutaPlanException"/>.
    /// </summary>
    public const string PlanFormatUnsupported = "PlanFormatUnsupported";

    /// <summary>
    /// A saved plan was made against another tenant than the one the command is connected to. Nothing was changed. An
    /// <see cref="ImmutaPlanException"/>.
    /// </summary>
    public const string PlanTenantMismatch = "PlanTenantMismatch";

    /// <summary>
    /// The tenant moved on since a saved plan was made: an integration the plan updates, replaces or deletes has changed (its
    /// status or configuration) or is gone, or an integration now stands where the plan creates one. One error per stale item,
    /// then a terminating one for the plan; nothing was changed. Make a new plan and have it reviewed. An
    /// <see cref="ImmutaPlanException"/>.
    /// </summary>
    public const string PlanStale = "PlanStale";

    /// <summary>
    /// A command would ask to confirm a change where no one can answer (a non-interactive session). Nothing was changed;
    /// add <c>-Force</c> (or <c>-Confirm:$false</c>) to go ahead without asking.
    /// </summary>
    public const string CannotPrompt = "CannotPrompt";

    /// <summary>A parameter or an input object the command cannot use (the message says which and why). Nothing was sent.</summary>
    public const string InvalidArgument = "InvalidArgument";

    /// <summary>A failure the module did not foresee; the exception is kept in the error record. Please report it.</summary>
    public const string UnexpectedError = "UnexpectedError";
}
