namespace ImmutaIntegrations.Emulator.Http;

/// <summary>
/// Answers every failure with Immuta's error shape: a refused request with its own status and message, a
/// malformed request with 400, anything unexpected with 500 (and the emulator keeps running).
/// </summary>
internal sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiProblem problem) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, problem.Status, problem.Message);
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, bad.StatusCode, bad.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is waiting for an answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "Unhandled failure in {Method} {Path}", context.Request.Method, context.Request.Path);
            await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "The emulator failed to process the request.");
        }
    }
}
