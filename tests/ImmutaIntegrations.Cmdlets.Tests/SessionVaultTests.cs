using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Text;
using ImmutaIntegrations.Core.Secrets;
using ImmutaIntegrations.Session;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>
/// The session's vault: what each type Get-Secret returns becomes, and what each of its errors means. The errors are made as
/// SecretManagement makes them (its ids, suffixed with its cmdlet's type, its exception types and categories).
/// </summary>
public sealed class SessionVaultTests
{
    private const string Cmdlet = ",Microsoft.PowerShell.SecretManagement.GetSecretCommand";

    [Fact]
    public void A_SecureString_is_its_text()
    {
        VaultSecret secret = SessionVault.Convert(Secure("s3cure-välue"));

        Assert.Equal("s3cure-välue", secret.Text);
        Assert.False(secret.IsCredential);
        Assert.Null(secret.Entries);
        Assert.Null(secret.Unsupported);
    }

    [Fact]
    public void A_string_is_itself_also_wrapped_as_PowerShell_writes_it()
    {
        Assert.Equal("plain-text", SessionVault.Convert("plain-text").Text);
        Assert.Equal("wrapped-text", SessionVault.Convert(PSObject.AsPSObject("wrapped-text")).Text);
    }

    [Fact]
    public void A_byte_array_is_its_UTF8_text()
    {
        byte[] bytes = new UTF8Encoding(false).GetBytes("bytes-ü-€-value");

        Assert.Equal("bytes-ü-€-value", SessionVault.Convert(bytes).Text);
        Assert.Equal("bytes-ü-€-value", SessionVault.Convert(PSObject.AsPSObject(bytes)).Text);
    }

    [Fact]
    public void A_credential_is_its_password_with_its_user_name_apart()
    {
        VaultSecret secret = SessionVault.Convert(new PSCredential("svc_user", Secure("cred-password")));

        Assert.True(secret.IsCredential);
        Assert.Equal("svc_user", secret.UserName);
        Assert.Equal("cred-password", secret.Text);
    }

    [Fact]
    public void A_hashtable_is_its_entries_by_name_in_any_case_each_converted()
    {
        var table = new Hashtable
        {
            ["Password"] = Secure("entry-password"),
            ["token"] = "entry-token",
            ["key"] = Encoding.UTF8.GetBytes("entry-key"),
            ["login"] = new PSCredential("entry_user", Secure("entry-login")),
        };

        VaultSecret secret = SessionVault.Convert(table);

        Assert.NotNull(secret.Entries);
        Assert.Equal(4, secret.Entries!.Count);
        Assert.Equal("entry-password", secret.Entries["password"].Text);
        Assert.Equal("entry-token", secret.Entries["TOKEN"].Text);
        Assert.Equal("entry-key", secret.Entries["key"].Text);
        Assert.Equal("entry_user", secret.Entries["login"].UserName);
        Assert.Null(secret.Text);
    }

    [Fact]
    public void Another_type_or_nothing_is_unsupported_by_its_type_name()
    {
        Assert.Equal("System.Int32", SessionVault.Convert(42).Unsupported);
        Assert.Equal("null", SessionVault.Convert(null).Unsupported);
        Assert.Equal("null", SessionVault.Convert(new Hashtable { ["empty"] = null }).Entries!["empty"].Unsupported);
    }

    [Fact]
    public void A_secret_not_in_the_vault_named_is_SecretNotFound_naming_both_and_how_to_add_it()
    {
        ImmutaPayloadException error = Failure("Store", "db-password", NotFound("db-password"));

        Assert.Equal(ImmutaErrorId.SecretNotFound, error.ErrorId);
        Assert.Contains("the secret db-password is not in the vault Store", error.Message);
        Assert.Contains("Set-Secret -Name db-password -Vault Store", error.Message);
    }

    [Fact]
    public void A_secret_in_no_vault_is_SecretNotFound_and_no_vault_at_all_is_SecretVaultNotFound()
    {
        ImmutaPayloadException none = Failure(null, "db-password", () => false, NotFound("db-password"));
        ImmutaPayloadException noVault = Failure(null, "db-password", () => true, NotFound("db-password"));

        Assert.Equal(ImmutaErrorId.SecretNotFound, none.ErrorId);
        Assert.Contains("in none of the vaults registered", none.Message);
        Assert.Equal(ImmutaErrorId.SecretVaultNotFound, noVault.ErrorId);
        Assert.Contains("no SecretManagement vault is registered", noVault.Message);
    }

    [Fact]
    public void The_vaults_are_not_listed_when_a_vault_was_named()
    {
        bool asked = false;

        Failure("Store", "x", () => asked = true, NotFound("x"));

        Assert.False(asked);
    }

    [Fact]
    public void An_unknown_vault_is_SecretVaultNotFound_by_its_id_or_its_message()
    {
        ImmutaPayloadException byId = Failure("Nowhere", "x",
            Record(new PSInvalidOperationException("any words"), "GetSecretVaultNotFound" + Cmdlet, ErrorCategory.ObjectNotFound));
        ImmutaPayloadException byMessage = Failure("Nowhere", "x",
            Record(new PSInvalidOperationException("Nowhere: not found in registry"), "SomeOtherId", ErrorCategory.ObjectNotFound));

        Assert.Equal(ImmutaErrorId.SecretVaultNotFound, byId.ErrorId);
        Assert.Contains("no vault named Nowhere is registered", byId.Message);
        Assert.Equal(ImmutaErrorId.SecretVaultNotFound, byMessage.ErrorId);
    }

    [Fact]
    public void A_locked_vault_named_is_SecretVaultLocked_saying_how_to_unlock_it()
    {
        ImmutaPayloadException error = Failure("Store", "x",
            Record(new PasswordRequiredException("A password is needed."), "GetSecretException" + Cmdlet, ErrorCategory.InvalidOperation));

        Assert.Equal(ImmutaErrorId.SecretVaultLocked, error.ErrorId);
        Assert.Contains("the vault Store is locked", error.Message);
        Assert.Contains("Unlock-SecretVault -Name Store", error.Message);
    }

    [Fact]
    public void A_locked_default_vault_is_SecretVaultLocked_by_the_id_of_its_terminating_error()
    {
        ImmutaPayloadException error = Failure(null, "x",
            Record(new InvalidOperationException("A password is needed."), "Microsoft.PowerShell.SecretManagement.PasswordRequiredException" + Cmdlet,
                ErrorCategory.NotSpecified));

        Assert.Equal(ImmutaErrorId.SecretVaultLocked, error.ErrorId);
        Assert.Contains("a vault searched for it is locked", error.Message);
    }

    [Fact]
    public void A_locked_vault_met_in_a_search_comes_before_the_not_found_that_follows_it()
    {
        ImmutaPayloadException error = Failure(null, "x",
            Record(new PasswordRequiredException("A password is needed."), "GetSecretException" + Cmdlet, ErrorCategory.InvalidOperation),
            NotFound("x"));

        Assert.Equal(ImmutaErrorId.SecretVaultLocked, error.ErrorId);
    }

    [Fact]
    public void A_vault_that_would_prompt_in_a_session_that_cannot_is_SecretVaultLocked()
    {
        var prompt = new PSInvalidOperationException("The host is in NonInteractive mode: it cannot prompt.");
        ImmutaPayloadException error = Failure("Store", "x",
            Record(new PSInvalidOperationException("Vault Store could not give x", prompt), "GetSecretInvalidOperation" + Cmdlet,
                ErrorCategory.InvalidOperation),
            NotFound("x"));

        Assert.Equal(ImmutaErrorId.SecretVaultLocked, error.ErrorId);
    }

    [Fact]
    public void A_vault_failing_otherwise_is_told_with_what_Get_Secret_said_not_as_not_found()
    {
        ImmutaPayloadException error = Failure("Remote", "x",
            Record(new PSInvalidOperationException("Vault Remote could not give x\nsecond line"), "GetSecretInvalidOperation" + Cmdlet,
                ErrorCategory.InvalidOperation),
            NotFound("x"));

        Assert.Equal(ImmutaErrorId.SecretNotFound, error.ErrorId);
        Assert.EndsWith("could not be read: Get-Secret said: Vault Remote could not give x", error.Message);
    }

    [Fact]
    public void Fetching_off_the_pipeline_thread_fails_at_once_rather_than_wait_for_it()
    {
        var vault = new SessionVault(null);
        Exception? error = null;
        // A thread of its own: a task waited for may run inline, on this very thread.
        var other = new Thread(() =>
        {
            try { vault.Fetch("Store", "x"); }
            catch (Exception e) { error = e; }
        });

        other.Start();
        other.Join();

        var refused = Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("the secret x of the vault Store was not fetched while the payload was validated", refused.Message);
    }

    private static ImmutaPayloadException Failure(string? vault, string name, params ErrorRecord[] errors) => Failure(vault, name, () => false, errors);

    private static ImmutaPayloadException Failure(string? vault, string name, Func<bool> noVault, params ErrorRecord[] errors) =>
        SessionVault.Failure(vault, name, errors, noVault);

    private static ErrorRecord NotFound(string name) =>
        Record(new ItemNotFoundException($"The secret {name} is nowhere."), "GetSecretNotFound" + Cmdlet, ErrorCategory.ObjectNotFound);

    private static ErrorRecord Record(Exception exception, string id, ErrorCategory category) => new ErrorRecord(exception, id, category, null);

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    // SecretManagement's exception for a vault that needs its password, known by its type's name.
    private sealed class PasswordRequiredException(string message) : InvalidOperationException(message);
}
