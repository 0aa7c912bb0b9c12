using System.Linq;

namespace ImmutaIntegrations.Core.Http;

/// <summary>The path of one integration, from an id checked before anything is sent.</summary>
internal static class IntegrationPath
{
    /// <summary>
    /// The path of an integration. Ids are whole numbers (docs/api-contract.md §1 types them so); anything else — an
    /// empty id, "../1", "%2F", a very long or binary string — is refused before anything is sent.
    /// </summary>
    public static string For(string id)
    {
        string trimmed = (id ?? string.Empty).Trim();
        if (trimmed.Length == 0 || trimmed.Length > 19 || !trimmed.All(c => c >= '0' && c <= '9'))
        {
            string shown = trimmed.Length > 40 ? trimmed.Substring(0, 37) + "..." : trimmed;
            shown = new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
            throw new ImmutaRefusedException($"'{shown}' is not an integration id: ids are whole numbers, such as 5.", ImmutaErrorId.InvalidId);
        }
        return "integrations/" + trimmed;
    }
}
