namespace ImmutaIntegrations.Core.Probing;

/// <summary>An answer as it came: its status, media type and body, or the error the client made of it.</summary>
internal sealed class RawAnswer
{
    public RawAnswer(int status, string? mediaType, string body, ImmutaApiException? error)
    {
        Status = status;
        MediaType = mediaType;
        Body = body;
        Error = error;
    }

    /// <summary>The HTTP status; 0 when no answer came.</summary>
    public int Status { get; }

    public string? MediaType { get; }

    public string Body { get; }

    /// <summary>An error answer, or one the client could not take (an HTML page); null for a success.</summary>
    public ImmutaApiException? Error { get; }
}
