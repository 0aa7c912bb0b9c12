using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;
using ImmutaIntegrations.Emulator.State;
using ImmutaIntegrations.Emulator.Validation;

namespace ImmutaIntegrations.Emulator.Quirks;

/// <summary>The integrations the unknown-status and unknown-type quirks put in the store.</summary>
internal static class QuirkIntegrations
{
    /// <summary>A status no documented lifecycle has (docs/api-contract.md §4), which a client must still show.</summary>
    public const string UnknownStatus = "paused";

    public const string UnknownTypeName = "Hypothetical Platform";

    /// <summary>
    /// A type a newer tenant might have: readable, deletable without credentials, but not in the catalog, so a
    /// POST or PUT of it is refused like any unknown type.
    /// </summary>
    public static readonly TypeRules UnknownTypeRules = new()
    {
        Name = UnknownTypeName,
        AllowsAutoBootstrap = false,
        Fields =
        [
            new FieldSpec("host", FieldKind.String, true), new FieldSpec("username", FieldKind.String, true),
            new FieldSpec("password", FieldKind.String, true, true), new FieldSpec("region", FieldKind.String),
        ],
        ValidationTests = [new("Initial Validation: Basic Connection Test")],
    };

    public static bool AddsOne(string quirk) => quirk is QuirkNames.UnknownStatus or QuirkNames.UnknownType;

    /// <summary>The integration a quirk adds, under <paramref name="id"/>.</summary>
    public static StoredIntegration For(string quirk, long id) => quirk switch
    {
        QuirkNames.UnknownStatus => Make(quirk, id, TypeCatalog.S3Rules, UnknownStatus, new JsonObject
        {
            // Name and path carry the id: both must be unique across S3 integrations (docs/api-contract.md §3).
            ["name"] = $"emulator-quirk-paused-{id}",
            ["awsAccountId"] = "123456789012",
            ["awsRegion"] = "us-east-1",
            ["awsLocationRole"] = "arn:aws:iam::123456789012:role/immuta-emulator-quirk",
            ["awsLocationPath"] = $"s3://immuta-emulator-quirk-paused-{id}/",
            ["authenticationType"] = "auto",
            ["awsRoleToAssume"] = "arn:aws:iam::123456789012:role/immuta-emulator-quirk-access",
        }),
        QuirkNames.UnknownType => Make(quirk, id, UnknownTypeRules, "enabled", new JsonObject
        {
            ["host"] = "hypothetical.example.com",
            ["username"] = "svc",
            ["password"] = "hypothetical-secret",
            ["region"] = "eu",
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(quirk), quirk, "This quirk adds no integration."),
    };

    private static StoredIntegration Make(string quirk, long id, TypeRules rules, string status, JsonObject config) => new()
    {
        Id = id,
        Rules = rules,
        Status = status,
        AutoBootstrap = false,
        Config = config,
        ValidationResults = ValidationRun.Results(new ValidPayload(rules, false, config)),
        Quirk = quirk,
    };
}
