using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Payloads.Validation;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Compare-ImmutaIntegration: the plan for making Immuta's integrations what payload files say, without changing
/// anything. One item per integration: Create, Update (with the changed fields, old and new), Replace (a field fixed
/// at creation changed), Delete (with -Prune, for integrations in no file) or NoChange. With -DetailedExitCode, a
/// scheduled job learns from $LASTEXITCODE whether the tenant still matches the files, as terraform plan -detailed-exitcode.
/// With -OutFile the plan is also saved, for Sync-ImmutaIntegration -Plan to apply exactly (as terraform plan -out).
/// With -RotateSecret, the integrations whose files refer to the named secrets are planned to have them sent again.
/// </summary>
[Cmdlet(VerbsData.Compare, "ImmutaIntegration")]
[OutputType(typeof(IntegrationPlanItem))]
public sealed class CompareImmutaIntegrationCommand : ConnectedCmdlet
{
    /// <summary>Payload files, or folders whose *.yaml, *.yml and *.json files are read (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Plan to delete the integrations that are in none of the files.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>
    /// Set $LASTEXITCODE (and, where no one is at the prompt, the process's exit code): 0 when nothing would change,
    /// 2 when something would, 1 when no plan could be made (an invalid file, a tenant that cannot be reached or refuses the key).
    /// </summary>
    [Parameter]
    public SwitchParameter DetailedExitCode { get; set; }

    /// <summary>
    /// Also save the plan to this file, for Sync-ImmutaIntegration -Plan to apply exactly, or refuse, later and elsewhere
    /// (after a review, on another agent). The file holds the payloads to send with their secrets as references, never
    /// values (a secret written in plain text is an error, and nothing is written), the integrations as read, the tenant,
    /// the module's version, when it was made and a checksum. Written whole, or not at all.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>
    /// Plan to send secrets again (a rotation): every existing integration whose payload refers to one of these references
    /// becomes an Update, each field that holds one shown as <c>(secret) -> (secret, sent again)</c>. A reference as written
    /// (<c>'${env:DBX_TOKEN}'</c>), or a name with wildcards matched against the references' variables, files and secrets
    /// (<c>DBX_TOKEN</c>, <c>dbx-*</c>, <c>Vault/dbx-token</c>); <c>*</c> for every reference. A value that names no reference
    /// in the files is a warning. A saved plan (-OutFile) records the rotation, never a secret.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.SecretReferenceCompleter))]
    public string[]? RotateSecret { get; set; }

    protected override void EndProcessing()
    {
        // A plan sends nothing: the secrets the files refer to need not be set (a pull request's build rarely has them).
        PayloadValidationOptions options = SessionSecrets.FormOnly(this);
        // A saved plan holds references to secrets, never their values.
        if (OutFile != null) options = options.WithSecretsAsReferencesOnly();
        IReadOnlyList<IntegrationPlanItem> plan;
        IntegrationPlanFile? saved = null;
        try
        {
            plan = DesiredState.Plan(this, Path, Prune, options, "nothing was compared" + (OutFile is null ? string.Empty : " and no plan was written"),
                out ImmutaConnection connection, RotateSecret);
            if (OutFile != null) saved = SavedPlans.Save(this, OutFile, plan, connection, Prune);
        }
        catch when (DetailedExitCode)
        {
            // The terminating error goes on as it is; the code says the check itself failed, not that there is drift.
            ExitCode.Fail(this, "No plan could be made");
            throw;
        }
        // Set before the plan is written, so a pipeline that stops reading early (Select-Object -First) still gets it.
        if (DetailedExitCode)
        {
            int changes = plan.Count(item => item.Action != IntegrationPlanAction.NoChange);
            ExitCode.Exit(this, changes == 0 ? 0 : 2, changes == 0 ? "Nothing would change" : $"{changes} integration(s) would change");
        }
        foreach (IntegrationPlanItem item in plan) WriteObject(item);
        AgentSummaries.Plan(this, plan, saved);
    }
}
