using System.Management.Automation;

namespace ImmutaIntegrations.Host;

/// <summary>Whether a stream is shown for this call: its switch (-Verbose, -Debug) if given, else the preference variable.</summary>
internal static class StreamPreference
{
    public static bool IsEnabled(PSCmdlet cmdlet, string switchName, string preferenceVariable)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue(switchName, out object? bound))
        {
            return bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound);
        }
        object? preference = cmdlet.GetVariableValue(preferenceVariable);
        return preference is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
    }
}
