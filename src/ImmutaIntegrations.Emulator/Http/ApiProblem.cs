namespace ImmutaIntegrations.Emulator.Http;

/// <summary>
/// A request the API refuses. Thrown anywhere in a handler; the error middleware answers it with
/// Immuta's error shape and this status and message.
/// </summary>
internal sealed class ApiProblem(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static ApiProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiProblem NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ApiProblem Conflict(string message) => new(StatusCodes.Status409Conflict, message);

    public static ApiProblem Unprocessable(string message) => new(StatusCodes.Status422UnprocessableEntity, message);
}
