namespace ImmutaIntegrations
{
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
        public const string Conflict = "Conflict";                       // 409
        public const string ValidationFailed = "ValidationFailed";       // 422
        public const string Throttled = "Throttled";                     // 429
        public const string ServerError = "ServerError";                 // 5xx
        public const string UnexpectedStatus = "UnexpectedStatus";       // anything else

        // Failures without an answer.
        public const string RequestTimeout = "RequestTimeout";
        public const string ConnectionFailed = "ConnectionFailed";
        public const string InvalidResponse = "InvalidResponse";

        // Refused by the module before anything is sent.
        public const string NotConnected = "NotConnected";
        public const string InsecureUrl = "InsecureUrl";
        public const string InvalidUrl = "InvalidUrl";
        public const string AuthenticationFailed = "AuthenticationFailed";

        // Payloads, refused before anything is sent.
        public const string PayloadFileNotFound = "PayloadFileNotFound";
        public const string PayloadFileInvalid = "PayloadFileInvalid";
        public const string PayloadInvalid = "PayloadInvalid";
        public const string PayloadTypeUnknown = "PayloadTypeUnknown";
        public const string SecretReferenceMissing = "SecretReferenceMissing";
    }
}
