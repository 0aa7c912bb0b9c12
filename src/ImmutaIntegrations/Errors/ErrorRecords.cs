using System;
using System.Management.Automation;

namespace ImmutaIntegrations.Errors;

/// <summary>
/// The one table that turns failures into ErrorRecords: 400/422 →
/// InvalidData, 401/403 → PermissionDenied, 404 → ObjectNotFound, 409 → ResourceExists, timeouts →
/// OperationTimeout, transport → ConnectionError. The message is Immuta's own; the id is stable.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception error, object? target)
    {
        switch (error)
        {
            case ImmutaApiException api:
                var record = new ErrorRecord(api, api.ErrorId, Category(api), target);
                string? action = RecommendedAction(api);
                if (action != null) record.ErrorDetails = new ErrorDetails(api.Message) { RecommendedAction = action };
                return record;
            case ImmutaRefusedException refused:
                // A URL every call would refuse, or a missing executor, is a bad argument; a change refused for one item is an
                // operation not possible.
                bool badArgument = refused.ConcernsConnection || refused.ErrorId == ImmutaErrorId.ScriptExecutorMissing;
                return new ErrorRecord(refused, refused.ErrorId, badArgument ? ErrorCategory.InvalidArgument : ErrorCategory.InvalidOperation, target);
            case ImmutaPayloadException payload:
                ErrorCategory category = payload.ErrorId == ImmutaErrorId.PayloadFileNotFound ? ErrorCategory.ObjectNotFound
                    : payload.ErrorId == ImmutaErrorId.SecretReferenceMissing ? ErrorCategory.ObjectNotFound
                    : ErrorCategory.InvalidData;
                return new ErrorRecord(payload, payload.ErrorId, category, target);
            case ImmutaPlanException plan:
                return new ErrorRecord(plan, plan.ErrorId, PlanCategory(plan.ErrorId), target)
                {
                    ErrorDetails = new ErrorDetails(plan.Message) { RecommendedAction = PlanAction(plan.ErrorId) },
                };
            case ImmutaIntegrationFailedException failed:
                return new ErrorRecord(failed, ImmutaErrorId.IntegrationFailed, ErrorCategory.InvalidResult, failed.Integration)
                {
                    ErrorDetails = new ErrorDetails(failed.Message)
                    {
                        RecommendedAction = "See the failed tests in the integration's ValidationResults; fix the platform or the payload and try again.",
                    },
                };
            case ImmutaScriptException script:
                return new ErrorRecord(script, script.ErrorId, ErrorCategory.InvalidOperation, target);
            case ItemNotFoundException notFound:
                return new ErrorRecord(notFound, ImmutaErrorId.PayloadFileNotFound, ErrorCategory.ObjectNotFound, target);
            case ArgumentException argument:
                return new ErrorRecord(argument, ImmutaErrorId.InvalidArgument, ErrorCategory.InvalidArgument, target);
            default:
                return new ErrorRecord(error, ImmutaErrorId.UnexpectedError, ErrorCategory.NotSpecified, target);
        }
    }

    public static ErrorRecord NotConnected() => new ErrorRecord(
        new InvalidOperationException("Not connected to Immuta: run Connect-Immuta, or set IMMUTA_URL and IMMUTA_API_KEY."),
        ImmutaErrorId.NotConnected, ErrorCategory.InvalidOperation, null);

    public static ErrorCategory Category(ImmutaApiException error)
    {
        switch (error.Failure)
        {
            case ImmutaFailure.Timeout: return ErrorCategory.OperationTimeout;
            case ImmutaFailure.Transport: return ErrorCategory.ConnectionError;
            case ImmutaFailure.InvalidResponse: return ErrorCategory.InvalidResult;
        }
        switch (error.StatusCode)
        {
            case 400:
            case 422: return ErrorCategory.InvalidData;
            case 401:
            case 403: return ErrorCategory.PermissionDenied;
            case 404: return ErrorCategory.ObjectNotFound;
            case 409: return ErrorCategory.ResourceExists;
            case 408:
            case 504: return ErrorCategory.OperationTimeout;
            case 429: return ErrorCategory.ResourceBusy;
            default: return error.StatusCode >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.NotSpecified;
        }
    }

    private static ErrorCategory PlanCategory(string errorId) => errorId switch
    {
        ImmutaErrorId.PlanFileNotFound => ErrorCategory.ObjectNotFound,
        ImmutaErrorId.PlanFileNotWritten => ErrorCategory.WriteError,
        ImmutaErrorId.PlanTenantMismatch => ErrorCategory.InvalidOperation,
        ImmutaErrorId.PlanStale => ErrorCategory.InvalidOperation,
        _ => ErrorCategory.InvalidData,
    };

    private static string? PlanAction(string errorId) => errorId switch
    {
        ImmutaErrorId.PlanFileNotWritten => null,
        ImmutaErrorId.PlanFileNotFound => "Give the path of a plan written by Compare-ImmutaIntegration -OutFile.",
        _ => "Make a new plan (Compare-ImmutaIntegration -OutFile), have it reviewed, and apply that one.",
    };

    private static string? RecommendedAction(ImmutaApiException error)
    {
        switch (error.ErrorId)
        {
            case ImmutaErrorId.Unauthorized:
            case ImmutaErrorId.AuthenticationFailed:
                return "Check the API key given to Connect-Immuta (or in IMMUTA_API_KEY); it may have been revoked.";
            case ImmutaErrorId.Forbidden:
                return "Use the API key of a user with the APPLICATION_ADMIN permission.";
            case ImmutaErrorId.ConnectionFailed:
                return "Check the URL, the network and any proxy settings.";
            case ImmutaErrorId.RequestTimeout:
                return "Try again, or allow more time with Connect-Immuta -TimeoutSec.";
            case ImmutaErrorId.IntegrationExists when error.ConflictingId != null:
                return $"Integration {error.ConflictingId} is already there: see it with Get-ImmutaIntegration -Id {error.ConflictingId}, "
                    + $"or change it with Set-ImmutaIntegration -Id {error.ConflictingId}.";
            case ImmutaErrorId.IntegrationBusy:
                return "Wait for it to settle (Wait-ImmutaIntegration), then try again.";
            case ImmutaErrorId.WaitTimeout:
                return "Wait longer with -Timeout, or check the integration with Get-ImmutaIntegrationStatus.";
            default:
                return null;
        }
    }
}
