using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Quirks;

namespace ImmutaIntegrations.Emulator.Endpoints;

/// <summary>
/// POST /bim/apikey/authenticate: the key in the Authorization header or as <c>{"apikey": ...}</c>. With the
/// no-auth-endpoint quirk it answers 404, as a tenant that does not serve the exchange would.
/// </summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(ApiKeyAuthentication.AuthenticatePath, async (HttpContext context, EmulatorOptions options, Tokens tokens, QuirkSet quirks,
            Answers answers) =>
        {
            if (quirks.Has(QuirkNames.NoAuthEndpoint)) return ApiErrors.NotFound($"Cannot POST {ApiKeyAuthentication.AuthenticatePath}.");
            string? key = context.Request.Headers.Authorization.ToString() is { Length: > 0 } header
                && !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? header
                : null;
            if (key is null || !ApiKeyAuthentication.IsKnownKey(options, key)) key = await KeyFromBodyAsync(context.Request) ?? key;
            if (key is null || !ApiKeyAuthentication.IsKnownKey(options, key))
            {
                return ApiErrors.Result(StatusCodes.Status401Unauthorized, "Invalid API key.");
            }
            return JsonOutput.Result(answers.Other(new JsonObject { ["authenticated"] = true, ["token"] = tokens.Issue(key) }, "issuedAt"));
        });
    }

    private static async Task<string?> KeyFromBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0) return null;
        using var reader = new StreamReader(request.Body);
        string text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text) is JsonObject body && body["apikey"] is JsonValue value && value.TryGetValue(out string? key) ? key : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
