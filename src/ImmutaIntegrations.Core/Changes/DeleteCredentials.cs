using System.Security;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Secrets;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Changes;

/// <summary>
/// The privileged account a DELETE of an automatically configured integration takes (docs/api-contract.md §5):
/// <c>{"authenticationType": "userPassword", "username", "password", "role"}</c>.
/// </summary>
public sealed class DeleteCredentials
{
    public DeleteCredentials(string userName, SecureString password, string? role)
    {
        UserName = userName;
        Password = password;
        Role = role;
    }

    public string UserName { get; }

    public SecureString Password { get; }

    public string? Role { get; }

    /// <summary>The body; with <paramref name="reveal"/> false, as it may be shown (the password redacted).</summary>
    public string ToJson(bool reveal)
    {
        var body = new JObject
        {
            ["authenticationType"] = "userPassword",
            ["username"] = UserName,
            ["password"] = reveal ? SecretText.Reveal(Password) : PayloadRedaction.Redacted,
        };
        if (!string.IsNullOrEmpty(Role) && Role != PayloadRedaction.Redacted) body["role"] = Role;
        return body.ToString(Newtonsoft.Json.Formatting.None);
    }
}
