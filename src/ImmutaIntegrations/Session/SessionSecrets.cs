using System.Management.Automation;
using System.Runtime.CompilerServices;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Session;

/// <summary>
/// Where a command finds the values of the references in the payloads it sends: the process's environment variables, files
/// (relative to the payload file's folder, or the current location for a payload given as an object) and the session's
/// SecretManagement vaults. One resolver per command: each reference is looked up once, and what validation found is what
/// is sent.
/// </summary>
internal static class SessionSecrets
{
    private static readonly ConditionalWeakTable<PSCmdlet, SecretResolver> Resolvers = new ConditionalWeakTable<PSCmdlet, SecretResolver>();

    /// <summary>The command's resolver, made on its first use (on the pipeline thread).</summary>
    public static SecretResolver Resolver(PSCmdlet cmdlet) =>
        Resolvers.GetValue(cmdlet, c => new SecretResolver(null, new SessionVault((c as Commands.Base.AsyncCmdlet)?.Output),
            c.SessionState.Path.CurrentFileSystemLocation.ProviderPath).Once());

    /// <summary>Validation for payloads the command sends: every reference resolved, with the command's resolver.</summary>
    public static PayloadValidationOptions ForSending(PSCmdlet cmdlet) => PayloadValidationOptions.Default.WithSecrets(Resolver(cmdlet));

    /// <summary>Validation that checks only the form of references (a plan, a lint): nothing is resolved.</summary>
    public static PayloadValidationOptions FormOnly(PSCmdlet cmdlet) => ForSending(cmdlet).WithoutSecretReferenceCheck();
}
