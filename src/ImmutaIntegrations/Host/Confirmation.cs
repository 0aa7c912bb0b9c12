using System;
using System.Management.Automation;
using System.Reflection;

namespace ImmutaIntegrations.Host;

/// <summary>
/// Asking before a change: ShouldProcess with -Force (which skips the question, while -WhatIf still only describes),
/// and never a prompt where no one can answer, but an error that says how to go ahead.
/// </summary>
internal static class Confirmation
{
    /// <summary>-WhatIf, given or from $WhatIfPreference: nothing is to be changed.</summary>
    public static bool WhatIfRequested(PSCmdlet cmdlet) => cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound)
        ? LanguagePrimitives.IsTrue(bound)
        : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));

    /// <summary>Whether to make a change to <paramref name="target"/>; false under -WhatIf or when the user declines.</summary>
    public static bool ShouldChange(PSCmdlet cmdlet, string target, string action, bool force)
    {
        bool whatIf = WhatIfRequested(cmdlet);
        if (force && !whatIf) return true;
        if (!whatIf && Interactivity.IsNonInteractive(cmdlet.Host) && WouldConfirm(cmdlet)) cmdlet.ThrowTerminatingError(CannotPrompt(cmdlet, target));
        try
        {
            return cmdlet.ShouldProcess(target, action);
        }
        catch (Exception e) when (e is System.Management.Automation.Host.HostException || e is PSInvalidOperationException || e is NullReferenceException)
        {
            // A host that fails inside its prompt (no console to read from).
            cmdlet.ThrowTerminatingError(CannotPrompt(cmdlet, target, e));
            throw;
        }
    }

    /// <summary>Whether ShouldProcess would ask the user to confirm (-Confirm, or the cmdlet's impact at or above $ConfirmPreference).</summary>
    public static bool WouldConfirm(PSCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm)) return LanguagePrimitives.IsTrue(confirm);
        ConfirmImpact impact = cmdlet.GetType().GetCustomAttribute<CmdletAttribute>()?.ConfirmImpact ?? ConfirmImpact.Medium;
        object? preference = cmdlet.GetVariableValue("ConfirmPreference");
        ConfirmImpact wanted = preference is ConfirmImpact set ? set
            : preference != null && Enum.TryParse(preference.ToString(), true, out ConfirmImpact parsed) ? parsed
            : ConfirmImpact.High;
        return wanted != ConfirmImpact.None && impact >= wanted;
    }

    /// <summary>The error for a confirmation that cannot be asked: it says how to go ahead.</summary>
    public static ErrorRecord CannotPrompt(PSCmdlet cmdlet, string target, Exception? inner = null)
    {
        string command = cmdlet.MyInvocation.MyCommand?.Name ?? "The command";
        var error = new PSInvalidOperationException(
            $"{command} would ask to confirm a change to {target}, but no one can answer here (a non-interactive session). "
            + "Nothing was changed: add -Force (or -Confirm:$false) to go ahead without asking.",
            inner);
        return new ErrorRecord(error, ImmutaErrorId.CannotPrompt, ErrorCategory.InvalidOperation, target);
    }
}
