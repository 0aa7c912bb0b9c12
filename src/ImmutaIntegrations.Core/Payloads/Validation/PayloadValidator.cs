namespace ImmutaIntegrations.Core.Payloads.Validation;

/// <summary>
/// Checks a payload against its type's description, offline, and reports every problem at once:
/// where (<c>config.warehouse</c>, with file and line when known), what was expected, what was found.
/// </summary>
public static class PayloadValidator
{
    /// <summary>The longest string a payload value may be: far beyond any host, name or PEM key.</summary>
    public const int MaxStringLength = 32768;

    public static PayloadValidationResult Validate(PayloadDocument document, PayloadValidationOptions? options = null)
    {
        var check = new PayloadCheck(document, options ?? PayloadValidationOptions.Default);
        check.Run();
        return new PayloadValidationResult
        {
            Source = document.Origin,
            Type = check.Type?.Name ?? check.TypeText ?? string.Empty,
            Problems = check.Problems.ToArray(),
        };
    }
}
