namespace ImmutaIntegrations.Core;

/// <summary>
/// Where the engine reports what it is doing. The cmdlets implement it on top of PowerShell's
/// verbose, debug and warning streams; tests collect the lines.
/// </summary>
public interface IImmutaLog
{
    void Verbose(string message);

    void Debug(string message);

    void Warning(string message);
}

/// <summary>A log that drops everything.</summary>
public sealed class NullImmutaLog : IImmutaLog
{
    public static readonly NullImmutaLog Instance = new NullImmutaLog();

    private NullImmutaLog()
    {
    }

    public void Verbose(string message)
    {
    }

    public void Debug(string message)
    {
    }

    public void Warning(string message)
    {
    }
}
