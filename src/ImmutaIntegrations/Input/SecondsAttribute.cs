using System;
using System.Globalization;
using System.Management.Automation;

namespace ImmutaIntegrations.Input;

/// <summary>
/// Lets a TimeSpan parameter take plain seconds (<c>-Timeout 300</c>) besides a TimeSpan or its text
/// (<c>00:05:00</c>): without it PowerShell would read 300 as 300 ticks.
/// </summary>
public sealed class SecondsAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        TimeSpan time = Read(inputData is PSObject wrapped ? wrapped.BaseObject : inputData);
        // A negative wait or interval is a mistake; a timer would fail on it with a .NET message.
        if (time < TimeSpan.Zero) throw new ArgumentTransformationMetadataException($"{time} is negative: give a time of zero or more.");
        return time;
    }

    private static TimeSpan Read(object value)
    {
        switch (value)
        {
            case TimeSpan span:
                return span;
            case int _:
            case long _:
            case double _:
            case decimal _:
            case float _:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds):
                return TimeSpan.FromSeconds(seconds);
            case string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan parsed):
                return parsed;
            default:
                throw new ArgumentTransformationMetadataException($"'{value}' is not a time: give seconds (300) or a time span (00:05:00).");
        }
    }
}
