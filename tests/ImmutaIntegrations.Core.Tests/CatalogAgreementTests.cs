using System.Text.Json;
using System.Text.RegularExpressions;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Emulator.Catalog;
using ImmutaIntegrations.Emulator.Endpoints;
using ImmutaIntegrations.Emulator.Scripts;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The module's type descriptions (Core's <see cref="IntegrationTypes"/>) and the emulator's catalog
/// (<see cref="TypeCatalog"/>) are written apart on purpose, each from docs/api-contract.md §3, so that each checks
/// the other. Here they are compared field by field, one aspect at a time, for every type: a failure names
/// the type, the field and the aspect, and what each side says.
/// </summary>
public sealed class CatalogAgreementTests
{
    private const string Fields = "fields";
    private const string Kind = "kind";
    private const string Required = "required";
    private const string RequiredWhenAutomatic = "required-when-automatic";
    private const string Secret = "secret";
    private const string FixedAtCreation = "fixed-at-creation";
    private const string Defaults = "defaults";
    private const string AllowedValues = "allowed values";
    private const string ValueRules = "value rules";
    private const string Scripts = "scripts";
    private const string TypeRulesAspect = "type rules";

    private static readonly string[] Aspects =
        [Fields, Kind, Required, RequiredWhenAutomatic, Secret, FixedAtCreation, Defaults, AllowedValues, ValueRules, Scripts, TypeRulesAspect];

    public static TheoryData<string, string> TypesAndAspects()
    {
        var rows = new TheoryData<string, string>();
        foreach (IntegrationType type in IntegrationTypes.All)
        {
            foreach (string aspect in Aspects) rows.Add(type.Name, aspect);
        }
        return rows;
    }

    [Fact]
    public void Both_sides_know_the_same_seven_types_in_the_same_order()
    {
        Assert.Equal(IntegrationTypes.All.Select(t => t.Name), TypeCatalog.Ordered.Select(t => t.Name));
        Assert.Equal(7, TypeCatalog.Ordered.Count);
    }

    [Theory]
    [MemberData(nameof(TypesAndAspects))]
    public void Core_and_the_emulator_describe_a_type_alike(string typeName, string aspect)
    {
        IntegrationType core = IntegrationTypes.All.Single(t => t.Name == typeName);
        TypeRules emulator = TypeCatalog.Find(typeName) ?? throw new Xunit.Sdk.XunitException($"{typeName}: not in the emulator's catalog");

        string[] differences = Compare(core, emulator, aspect).ToArray();

        Assert.True(differences.Length == 0, string.Join(Environment.NewLine, differences));
    }

    private static IEnumerable<string> Compare(IntegrationType core, TypeRules emulator, string aspect) => aspect switch
    {
        Fields => CompareFieldSets(core, emulator),
        Kind => CompareFields(core, emulator, Kind, f => f.Kind),
        Required => CompareFields(core, emulator, Required, f => Text(f.Required)),
        RequiredWhenAutomatic => CompareFields(core, emulator, RequiredWhenAutomatic, f => Text(f.RequiredWhenAutomatic)),
        Secret => CompareFields(core, emulator, Secret, f => Text(f.Secret)),
        FixedAtCreation => CompareFields(core, emulator, FixedAtCreation, f => Text(f.Immutable)),
        // Only where both sides list the values: a side without a list leaves the value open, which is no claim to compare.
        AllowedValues => CompareFields(core, emulator, AllowedValues,
            f => f.Allowed is null ? null : string.Join(", ", f.Allowed.Order(StringComparer.Ordinal)), bothOnly: true),
        ValueRules => CompareFields(core, emulator, "prefix", f => f.Prefix ?? "none")
            .Concat(CompareFields(core, emulator, "range", f => f.Range ?? "none")),
        Defaults => CompareDefaults(core, emulator),
        Scripts => CompareScripts(core, emulator),
        TypeRulesAspect => CompareTypeRules(core, emulator),
        _ => throw new ArgumentOutOfRangeException(nameof(aspect), aspect, null),
    };

    /// <summary>
    /// One field where it applies: its dotted path, and the authenticationType it belongs to (null when it belongs
    /// to all). A field of several authentication types (Snowflake's username) is one entry per type.
    /// </summary>
    private sealed record Field(
        string Path, string? Authentication, string Kind, bool Required, bool RequiredWhenAutomatic, bool Secret, bool Immutable,
        IReadOnlyList<string>? Allowed, string? Prefix, string? Range)
    {
        public string Where => Authentication is null ? $"config.{Path}" : $"config.{Path} [{Authentication}]";
    }

    private static IEnumerable<string> CompareFieldSets(IntegrationType core, TypeRules emulator)
    {
        Dictionary<string, Field> ours = CoreFields(core), theirs = EmulatorFields(emulator);
        foreach (string where in ours.Keys.Except(theirs.Keys)) yield return $"{core.Name} {where}: present in Core, missing in the emulator";
        foreach (string where in theirs.Keys.Except(ours.Keys)) yield return $"{core.Name} {where}: missing in Core, present in the emulator";
    }

    /// <summary>One aspect of every field both sides have (a field only one side has is the <c>fields</c> aspect's finding).</summary>
    private static IEnumerable<string> CompareFields(IntegrationType core, TypeRules emulator, string aspect, Func<Field, string?> value,
        bool bothOnly = false)
    {
        Dictionary<string, Field> theirs = EmulatorFields(emulator);
        foreach ((string where, Field ours) in CoreFields(core))
        {
            if (!theirs.TryGetValue(where, out Field? other)) continue;
            string? inCore = value(ours), inEmulator = value(other);
            if (bothOnly && (inCore is null || inEmulator is null)) continue;
            if (inCore != inEmulator) yield return $"{core.Name} {where}: {aspect} is {inCore ?? "none"} in Core, {inEmulator ?? "none"} in the emulator";
        }
    }

    private static Dictionary<string, Field> CoreFields(IntegrationType type)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (PayloadField field in type.Fields)
        {
            IReadOnlyList<string>? belongsTo = AuthenticationTypesOf(type, field);
            string?[] authentications = belongsTo is null ? [null] : [.. belongsTo];
            string? range = field.Minimum is long min && field.Maximum is long max ? $"{min}..{max}" : null;
            foreach (string? authentication in authentications)
            {
                var entry = new Field(field.Path, authentication, field.Kind.ToString(), field.Required, field.Required || field.RequiredWhenAutomatic,
                    field.Secret, field.Immutable, field.Allowed, field.Prefix, range);
                Assert.True(fields.TryAdd(entry.Where, entry), $"{type.Name} {entry.Where}: described twice in Core");
            }
        }
        return fields;
    }

    /// <summary>
    /// The authentication types a Core field belongs to. Core states them on a block (oAuthClientConfig) and on the
    /// fields a credential fills, and lets the other fields of the block follow the block; the emulator lists the
    /// whole block under its authentication type. Representation only: a field inside a block goes where its block goes.
    /// </summary>
    private static IReadOnlyList<string>? AuthenticationTypesOf(IntegrationType type, PayloadField field)
    {
        for (PayloadField? current = field; current != null; current = current.Parent is null ? null : type.FindField(current.Parent))
        {
            if (current.AuthenticationTypes != null) return current.AuthenticationTypes;
        }
        return null;
    }

    private static Dictionary<string, Field> EmulatorFields(TypeRules rules)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        void Add(FieldSpec spec, string? authentication, bool required)
        {
            bool whenAutomatic = required || rules.AutoBootstrapFields.Any(a => a.Path == spec.Path && a.Required);
            string? range = spec.Range is var (min, max) ? $"{min}..{max}" : null;
            var entry = new Field(spec.Path, authentication, spec.Kind.ToString(), required, whenAutomatic, spec.Secret,
                rules.ImmutableFields.Contains(spec.Path, StringComparer.Ordinal), spec.Allowed, spec.MustStartWith, range);
            Assert.True(fields.TryAdd(entry.Where, entry), $"{rules.Name} {entry.Where}: described twice in the emulator");
        }
        foreach (FieldSpec spec in rules.Fields) Add(spec, null, spec.Required);
        // A field listed only among the automatic setup's fields is optional otherwise.
        foreach (FieldSpec spec in rules.AutoBootstrapFields.Where(a => !rules.Fields.Any(f => f.Path == a.Path))) Add(spec, null, required: false);
        if (rules.Authentication.Length > 0)
        {
            // The emulator keeps authenticationType implicit in its variants and checks it as this field
            // (RequestValidator.CheckAuthentication); Core describes it as a field. Representation only.
            Add(new FieldSpec("authenticationType", FieldKind.String, true) { Allowed = rules.Authentication.Select(a => a.Name).ToArray() }, null, true);
        }
        foreach (AuthVariant variant in rules.Authentication)
        {
            foreach (FieldSpec spec in variant.Fields) Add(spec, variant.Name, spec.Required);
        }
        return fields;
    }

    /// <summary>The values GET fills in, as JSON, by path; and the role an enabled impersonation block gets when it names none.</summary>
    private static IEnumerable<string> CompareDefaults(IntegrationType core, TypeRules emulator)
    {
        Dictionary<string, string> ours = core.Fields.Where(f => f.Default != null).GroupBy(f => f.Path)
            .ToDictionary(g => "config." + g.Key, g => JsonSerializer.Serialize(g.First().Default));
        Dictionary<string, string> theirs = emulator.Defaults.ToDictionary(d => "config." + d.Path, d => d.Value().ToJsonString());
        // Core leaves this default to the server, so states it only in the field's description (New-ImmutaIntegrationPayload
        // shows it); the emulator applies it.
        const string ImpersonationRole = "config.impersonation.role (when impersonation is enabled)";
        Match described = Regex.Match(core.FindField("impersonation.role")?.Description ?? string.Empty, @"\(default (\S+) when enabled\)");
        if (described.Success) ours[ImpersonationRole] = JsonSerializer.Serialize(described.Groups[1].Value);
        if (emulator.DefaultImpersonationRole is string role) theirs[ImpersonationRole] = JsonSerializer.Serialize(role);

        foreach (string where in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            string inCore = ours.GetValueOrDefault(where) ?? "none", inEmulator = theirs.GetValueOrDefault(where) ?? "none";
            if (inCore != inEmulator) yield return $"{core.Name} {where}: default is {inCore} in Core, {inEmulator} in the emulator";
        }
    }

    private static IEnumerable<string> CompareScripts(IntegrationType core, TypeRules emulator)
    {
        string[] ours = core.Scripts.Select(k => k.ToString()).ToArray();
        string[] theirs = ScriptGenerator.KindsFor(emulator.Name).Select(k => k.ToString()).ToArray();
        foreach (string kind in ours.Except(theirs)) yield return $"{core.Name}: the {kind} script is in Core, not in the emulator";
        foreach (string kind in theirs.Except(ours)) yield return $"{core.Name}: the {kind} script is in the emulator, not in Core";
    }

    private static IEnumerable<string> CompareTypeRules(IntegrationType core, TypeRules emulator)
    {
        (string Aspect, string InCore, string InEmulator)[] rules =
        [
            ("has a config", Text(core.HasConfig), Text(emulator.HasConfig)),
            ("autoBootstrap allowed", Text(core.AllowsAutoBootstrap), Text(emulator.AllowsAutoBootstrap)),
            ("identified by", Identity(core.IdentityKeys), Identity(emulator.IdentityKeys)),
            ("delete needs credentials when automatic", Text(core.DeleteNeedsCredentialsWhenAutomatic),
                Text(IntegrationEndpoints.CleanedUpWithCredentials.Contains(emulator.Name))),
        ];
        foreach ((string aspect, string inCore, string inEmulator) in rules)
        {
            if (inCore != inEmulator) yield return $"{core.Name}: {aspect} is {inCore} in Core, {inEmulator} in the emulator";
        }
    }

    private static string Identity(IEnumerable<IEnumerable<string>> keys) =>
        keys.Any() ? string.Join(" or ", keys.Select(set => string.Join(" + ", set.Order(StringComparer.Ordinal)))) : "nothing";

    private static string Text(bool value) => value ? "true" : "false";
}
