namespace ImmutaIntegrations.Emulator.Http;

/// <summary>
/// Authentication as docs/api-contract.md §1 describes it: the raw API key as the whole Authorization header, or
/// <c>Bearer &lt;token&gt;</c> from /bim/apikey/authenticate. Anything else is 401; a valid key
/// without APPLICATION_ADMIN is 403 on the Integrations API.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, EmulatorOptions options, Tokens tokens)
{
    public const string AuthenticatePath = "/bim/apikey/authenticate";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals(AuthenticatePath, StringComparison.OrdinalIgnoreCase)) return next(context);

        string? key = KeyFromHeader(context.Request.Headers.Authorization.ToString());
        if (key is null)
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized,
                "Missing or invalid credentials: send the API key, or Bearer and a token from /bim/apikey/authenticate, in Authorization.");
        }
        if (options.NonAdminKeys.Contains(key))
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden,
                "User does not have the APPLICATION_ADMIN permission required to manage integrations.");
        }
        return next(context);
    }

    /// <summary>The key an Authorization header stands for: the raw key itself, or the key behind a live token.</summary>
    private string? KeyFromHeader(string header)
    {
        if (header.Length == 0) return null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return tokens.KeyFor(header["Bearer ".Length..].Trim());
        return IsKnownKey(header) ? header : null;
    }

    public static bool IsKnownKey(EmulatorOptions options, string key) => options.ApiKeys.Contains(key) || options.NonAdminKeys.Contains(key);

    private bool IsKnownKey(string key) => IsKnownKey(options, key);
}
