using System;

namespace ImmutaIntegrations.Core;

/// <summary>
/// Whether a failure concerns the one item being worked on (its payload, its script, its outcome), so the other
/// items go on, or the connection as a whole, where every further call would fail the same way. Every command asks it
/// (through its base's one-item helper) before going on to the next item.
/// </summary>
public static class FailureScope
{
    /// <summary>True for a failure of one item: its payload, its script, its outcome, its saved plan file, its arguments.</summary>
    public static bool ConcernsOneItem(Exception error) => error switch
    {
        ImmutaApiException api => !ConcernsConnection(api),
        ImmutaRefusedException refused => !refused.ConcernsConnection,
        ImmutaPayloadException _ => true,
        ImmutaScriptException _ => true,
        ImmutaIntegrationFailedException _ => true,
        ImmutaPlanException _ => true,
        ArgumentException _ => true,
        _ => false,
    };

    /// <summary>A refused key or permission: nothing else can work.</summary>
    public static bool ConcernsConnection(ImmutaApiException error) =>
        error.StatusCode == 401 || error.StatusCode == 403;
}
