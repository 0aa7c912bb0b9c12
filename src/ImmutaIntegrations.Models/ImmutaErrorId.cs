namespace ImmutaIntegrations;

/// <summary>
/// The stable error ids of the module. They are the first part of an ErrorRecord's
/// FullyQualifiedErrorId, so scripts and tests can rely on them.
/// </summary>
public static class ImmutaErrorId
{
    // Answers from Immuta, by status code unless a command knows better.
    public const string InvalidRequest = "InvalidRequest";           // 400
    public const string Unauthorized = "Unauthorized";               // 401
    public const string Forbidden = "Forbidden";                     // 403
    public const string NotFound = "NotFound";                       // 404
    public const string IntegrationNotFound = "IntegrationNotFound"; // 404 for an integration id
    public const string IntegrationExists = "IntegrationExists";     // 409 on create: same type on the same host
    public const string IntegrationBusy = "IntegrationBusy";         // 409: creating, editing or deleting
    public const string PrerequisiteFailed = "PrerequisiteFailed";   // 422 on create
    public const string PayloadRejected = "PayloadRejected";         // 400 to a payload the module found valid
    public const string CredentialsRequired = "CredentialsRequired"; // DELETE of an automatic integration without them
    public const string CredentialsNotAccepted = "CredentialsNotAccepted"; // DELETE with credentials it does not take
    public const string Conflict = "Conflict";                       // 409
    public const string ValidationFailed = "ValidationFailed";       // 422
    public const string Throttled = "Throttled";                     // 429
    public const string ServerError = "ServerError";                 // 5xx
    public const string UnexpectedStatus = "UnexpectedStatus";       // anything else

    // Failures without an answer.
    public const string RequestTimeout = "RequestTimeout";
    public const string ConnectionFailed = "ConnectionFailed";
    public const string InvalidResponse = "InvalidResponse";
    public const string ProxyAuthenticationRequired = "ProxyAuthenticationRequired";

    // Refused by the module before anything is sent.
    public const string NotConnected = "NotConnected";
    public const string InsecureUrl = "InsecureUrl";
    public const string InvalidUrl = "InvalidUrl";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string InvalidId = "InvalidId";

    // Payloads, refused before anything is sent.
    public const string PayloadFileNotFound = "PayloadFileNotFound";
    public const string PayloadFileInvalid = "PayloadFileInvalid";
    public const string PayloadInvalid = "PayloadInvalid";
    public const string PayloadTypeUnknown = "PayloadTypeUnknown";
    public const string SecretReferenceMissing = "SecretReferenceMissing";
    public const string ImmutableFieldChanged = "ImmutableFieldChanged";
    public const string UpdateNotSupported = "UpdateNotSupported";
    public const string ScriptNotAvailable = "ScriptNotAvailable";

    // Outcomes of waiting and of running scripts.
    public const string IntegrationFailed = "IntegrationFailed";     // ended in createError, editError, deleteError, ...
    public const string WaitTimeout = "WaitTimeout";
    public const string ScriptStatementFailed = "ScriptStatementFailed";
    public const string ScriptExecutorMissing = "ScriptExecutorMissing";

    // Applying payload files (Sync-ImmutaIntegration, Export-ImmutaIntegration)
    public const string ReplaceNotAllowed = "ReplaceNotAllowed";     // a Replace planned without -AllowReplace
    public const string ExportFileNotWritten = "ExportFileNotWritten"; // a file (or the schemas) could not be written
    public const string CannotPrompt = "CannotPrompt";               // a confirmation asked for where no one can answer
}
