using System;
using System.Collections.Specialized;
using System.IO;
using ImmutaIntegrations.Core.Json;

namespace ImmutaIntegrations.Core.Probing;

/// <summary>What the probe's checks share: making a check, judging a content type, reading JSON that may be anything.</summary>
internal static class Probes
{
    public static TenantCheck Check(string route, string check, string expected, string observed, TenantCheckVerdict verdict) =>
        new TenantCheck { Route = route, Check = check, Expected = expected, Observed = observed, Verdict = verdict };

    public static TenantCheck ContentType(string route, RawAnswer answer, string expected) => ContentType(route, answer.MediaType, expected);

    /// <summary>The media type an answer was labelled with: the expected one is a match, any other is read all the same.</summary>
    public static TenantCheck ContentType(string route, string? mediaType, string expected)
    {
        bool match = string.Equals(mediaType, expected, StringComparison.OrdinalIgnoreCase);
        return Check(route, "content type", expected, mediaType ?? "none", match ? TenantCheckVerdict.Match : TenantCheckVerdict.Tolerated);
    }

    /// <summary>An error answer in words that hold no value of the request: the status and the error id.</summary>
    public static string ErrorText(RawAnswer answer)
    {
        ImmutaApiException error = answer.Error!;
        return error.StatusCode > 0 ? $"{error.StatusCode} ({error.ErrorId})" : error.ErrorId;
    }

    /// <summary>JSON as plain values, or null when the text is not JSON.</summary>
    public static object? ParseJson(string text)
    {
        try
        {
            using (var reader = JsonValues.CreateReader(new StringReader(text)))
            {
                return JsonValues.ReadSkippingComments(reader) ? JsonValues.ReadValue(reader) : null;
            }
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    public static string Describe(object? value) => value switch
    {
        null => "no JSON (or none that could be read)",
        OrderedDictionary _ => "an object",
        object?[] _ => "a list",
        string _ => "a JSON string",
        _ => "a JSON " + value.GetType().Name.ToLowerInvariant(),
    };
}
