using System;
using System.Net;

namespace ImmutaIntegrations.Core.Http;

/// <summary>Checks and normalizes a tenant URL.</summary>
public static class TenantUrl
{
    /// <summary>
    /// A tenant's address as a user gives it (a parameter, IMMUTA_URL), checked and normalized as
    /// <see cref="Normalize"/> does; https:// is assumed when no scheme is given (acme.immuta.com).
    /// </summary>
    /// <param name="what">Names the value in the error, e.g. <c>IMMUTA_URL ('...')</c>.</param>
    public static Uri Parse(string text, string what)
    {
        string trimmed = (text ?? string.Empty).Trim();
        if (trimmed.IndexOf("://", StringComparison.Ordinal) < 0) trimmed = "https://" + trimmed;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? url))
        {
            throw new ImmutaRefusedException($"{what} is not a URL such as https://example.immuta.com.", ImmutaErrorId.InvalidUrl, concernsConnection: true);
        }
        return Normalize(url);
    }

    /// <summary>
    /// Returns the URL as an API root ending in '/'. Refuses anything but https, except http to a
    /// loopback address (the emulator, a local tunnel), so a key is never sent in clear over a network.
    /// </summary>
    public static Uri Normalize(Uri url)
    {
        if (url is null) throw new ArgumentNullException(nameof(url));
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ImmutaRefusedException(
                $"'{url}' is not an Immuta URL: give the tenant root, such as https://example.immuta.com.",
                ImmutaErrorId.InvalidUrl, concernsConnection: true);
        }
        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            throw new ImmutaRefusedException(
                $"'{url}' uses http: the API key would travel unencrypted. Use https (http is accepted only for loopback addresses).",
                ImmutaErrorId.InsecureUrl, concernsConnection: true);
        }
        var builder = new UriBuilder(url) { Query = string.Empty, Fragment = string.Empty };
        if (!builder.Path.EndsWith("/", StringComparison.Ordinal)) builder.Path += "/";
        return builder.Uri;
    }

    public static bool IsLoopback(Uri url)
    {
        if (url.IsLoopback) return true;
        string host = url.IdnHost.Trim('[', ']');
        return IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address);
    }
}
