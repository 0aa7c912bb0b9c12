using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace ImmutaIntegrations.Emulator.Http;

/// <summary>Every error the emulator sends has Immuta's shape: <c>{statusCode, error, message}</c>.</summary>
internal static class ApiErrors
{
    public static IResult Result(int status, string message) => JsonOutput.Result(Body(status, message), status);

    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonOutput.Text(Body(status, message)));
    }

    public static JsonObject Body(int status, string message) => new()
    {
        ["statusCode"] = status,
        ["error"] = ReasonPhrases.GetReasonPhrase(status),
        ["message"] = message,
    };

    public static IResult NotFound(string message) => Result(StatusCodes.Status404NotFound, message);

    public static IResult BadRequest(string message) => Result(StatusCodes.Status400BadRequest, message);
}
