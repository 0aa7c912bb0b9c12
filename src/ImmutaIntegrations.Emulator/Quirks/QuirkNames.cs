namespace ImmutaIntegrations.Emulator.Quirks;

/// <summary>
/// The quirks: answers a real tenant may plausibly give where the reference leaves the form open
/// (docs/api-contract.md, the Decision lines), switched on by name so a client's leniency can be tested.
/// Each changes only what its name says.
/// </summary>
internal static class QuirkNames
{
    /// <summary>Ids in integration objects and in create, update and delete answers are JSON numbers.</summary>
    public const string NumericIds = "numeric-ids";

    /// <summary>Scripts are labelled <c>text/html; charset=utf-8</c>.</summary>
    public const string HtmlScripts = "html-scripts";

    /// <summary>The store holds one more integration (Native S3) whose status is <c>paused</c>.</summary>
    public const string UnknownStatus = "unknown-status";

    /// <summary>The store holds one more integration of type <c>Hypothetical Platform</c>.</summary>
    public const string UnknownType = "unknown-type";

    /// <summary>Answer objects carry properties the client does not know.</summary>
    public const string ExtraFields = "extra-fields";

    /// <summary>A dry run answers the validation results themselves, without the <c>validationResults</c> wrapper.</summary>
    public const string BareDryRun = "bare-dry-run";

    /// <summary>A failed or warning test's <c>message</c> and <c>result</c> are objects.</summary>
    public const string ObjectMessages = "object-messages";

    /// <summary>GET /integrations holds one item that is not an integration.</summary>
    public const string OddItem = "odd-item";

    /// <summary>POST /bim/apikey/authenticate answers 404.</summary>
    public const string NoAuthEndpoint = "no-auth-endpoint";

    public static readonly string[] All =
        [NumericIds, HtmlScripts, UnknownStatus, UnknownType, ExtraFields, BareDryRun, ObjectMessages, OddItem, NoAuthEndpoint];

    /// <summary>The quirk a name stands for (case aside); an ArgumentException naming the known ones otherwise.</summary>
    public static string Check(string? name) =>
        All.FirstOrDefault(known => string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown quirk '{name}'; the quirks are {string.Join(", ", All)}.");

    /// <summary>The quirks of a comma-separated list (--quirks a,b); empty entries are ignored.</summary>
    public static IEnumerable<string> ParseList(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Check);
}
