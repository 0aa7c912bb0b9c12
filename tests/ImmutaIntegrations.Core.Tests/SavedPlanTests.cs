using System.Collections.Specialized;
using System.Text;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Payloads.Writing;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Core.SavedPlans;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// A saved plan written and read back: every item as it was, the payloads with their references and never a secret's value,
/// and any file that is not exactly the plan as written refused.
/// </summary>
public sealed class SavedPlanTests : IDisposable
{
    private static readonly Uri Tenant = new("https://acme.immuta.com/");
    private static readonly DateTimeOffset Made = new(2026, 12, 7, 9, 30, 15, 250, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"saved-plan-{Guid.NewGuid():N}");

    public SavedPlanTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // An example payload of the type, every secret a reference to a variable named for its field, read from a file in the folder.
    private PreparedPayload Referenced(IntegrationType type, string name, Action<OrderedDictionary>? change = null)
    {
        OrderedDictionary root = Examples.Root(type);
        if (root["config"] is OrderedDictionary config)
        {
            foreach (string path in SecretLiterals.Find(type, config).ToArray())
            {
                PlainValues.Set(config, path.Substring("config.".Length), "${env:" + path.Replace('.', '_').ToUpperInvariant() + "}");
            }
            change?.Invoke(config);
        }
        string file = Path.Combine(_folder, name);
        File.WriteAllText(file, PayloadWriter.ToYaml(root));
        return PreparedPayload.From(PayloadFiles.Read(file).Single(), PayloadValidationOptions.Default.WithoutSecretReferenceCheck().WithSecretsAsReferencesOnly());
    }

    private static Integration Shown(PreparedPayload payload, string id, string status = "enabled") => new()
    {
        Id = id,
        Type = payload.Type.Name,
        Status = status,
        AutoBootstrap = payload.AutoBootstrap,
        Config = payload.DisplayConfig(),
    };

    // A plan with every action: each type's example planned against a tenant holding some of them.
    private IReadOnlyList<IntegrationPlanItem> EveryAction()
    {
        var desired = IntegrationTypes.All.Select(type => Referenced(type, type.Slug + ".yaml")).ToList();
        var actual = new List<Integration>();
        for (int i = 0; i < desired.Count; i++)
        {
            PreparedPayload payload = desired[i];
            if (payload.Type == IntegrationTypes.BigQuery) continue; // a creation
            Integration integration = Shown(payload, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (payload.Type == IntegrationTypes.Snowflake) integration.Config["warehouse"] = "OLD_WH"; // an update
            if (payload.Type == IntegrationTypes.Databricks) integration.Config["catalog"] = "old"; // a replacement
            actual.Add(integration);
        }
        var unmatched = Shown(Referenced(IntegrationTypes.Redshift, "gone.yaml", c => c["host"] = "gone.redshift.amazonaws.com"), "99");
        actual.Add(unmatched); // a deletion
        return IntegrationPlanner.Plan(desired, actual, prune: true);
    }

    private string PlanPath(string name = "plan.json") => Path.Combine(_folder, name);

    [Fact]
    public void Read_back_it_is_the_same_plan_item_for_item()
    {
        IReadOnlyList<IntegrationPlanItem> plan = EveryAction();
        Assert.Equal(
            [IntegrationPlanAction.NoChange, IntegrationPlanAction.Create, IntegrationPlanAction.Update, IntegrationPlanAction.Replace, IntegrationPlanAction.Delete],
            plan.Select(item => item.Action).Distinct().OrderBy(action => action));

        IntegrationPlanFile written = SavedPlanFile.Write(PlanPath(), Tenant, prune: true, plan, _folder, Made);
        SavedPlan read = SavedPlanFile.Read(PlanPath());
        Assert.Empty(read.Prepare(PayloadValidationOptions.Default.WithoutSecretReferenceCheck(), _folder));

        Assert.Equal(plan.Count, read.Items.Count);
        for (int i = 0; i < plan.Count; i++)
        {
            IntegrationPlanItem before = plan[i], after = read.Items[i];
            Assert.Equal(before.ToString(), after.ToString());
            Assert.Equal((before.Action, before.Type, before.Target, before.Id, before.Reason), (after.Action, after.Type, after.Target, after.Id, after.Reason));
            Assert.Equal(before.Changes.Select(c => (c.ToString(), c.Immutable)), after.Changes.Select(c => (c.ToString(), c.Immutable)));
            Assert.Equal((before.Desired as PreparedPayload)?.ToDisplayJson(), (after.Desired as PreparedPayload)?.ToDisplayJson());
            Assert.Equal(before.Current?.Status, after.Current?.Status);
            if (before.Current != null) Assert.Empty(IntegrationDifferences.Between(before.Current, after.Current!));
            Assert.Same(read.File, after.PlanFile);
        }
        Assert.Equal(plan.Where(i => i.Source != null).Select(i => Path.GetFileName(i.Source!)), read.Items.Where(i => i.Source != null).Select(i => i.Source));
        Assert.Equal((Tenant.AbsoluteUri, true, SavedPlanFile.FormatVersion, plan.Count), (read.File.Tenant, read.File.Prune, read.File.FormatVersion, read.File.ItemCount));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 9, 30, 15, TimeSpan.Zero), read.File.CreatedAt);
        Assert.Equal(written.Checksum, read.File.Checksum);
        Assert.Equal(ModuleVersion.Current, read.File.ModuleVersion);
        Assert.All(plan, item => Assert.Same(written, item.PlanFile));
    }

    [Fact]
    public void Its_payloads_keep_their_references_and_its_readings_no_secret()
    {
        IReadOnlyList<IntegrationPlanItem> plan = EveryAction();
        // Immuta's answers as a careless server might send them: every secret in plain text, each its own value.
        var secrets = new List<string>();
        foreach (Integration reading in plan.Select(item => item.Current).OfType<Integration>())
        {
            IntegrationType type = IntegrationTypes.ResolveOrUnknown(reading.Type);
            if (!type.HasConfig) continue;
            foreach (string path in SecretLiterals.Find(type, Examples.Config(Examples.Root(type))).ToArray())
            {
                string secret = $"server-{type.Slug}-{secrets.Count}-Kf3";
                PlainValues.Set(reading.Config, path.Substring("config.".Length), secret);
                secrets.Add(secret);
            }
        }
        Assert.True(secrets.Count >= 5, "the readings hold secrets of most types");

        SavedPlanFile.Write(PlanPath(), Tenant, prune: true, plan, _folder, Made);
        string text = File.ReadAllText(PlanPath());

        Assert.Contains("\"password\": \"${env:CONFIG_PASSWORD}\"", text);
        Assert.Contains("\"token\": \"${env:CONFIG_TOKEN}\"", text);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text));
    }

    [Theory]
    [MemberData(nameof(Examples.Slugs), MemberType = typeof(Examples))]
    public void A_payload_holding_a_secrets_value_is_refused_and_nothing_is_written(string slug)
    {
        IntegrationType type = Examples.Type(slug);
        OrderedDictionary root = Examples.Root(type);
        if (!(root["config"] is OrderedDictionary config) || !SecretLiterals.Find(type, config).Any()) return; // Trino: nothing secret
        string file = Path.Combine(_folder, slug + ".yaml");
        File.WriteAllText(file, PayloadWriter.ToYaml(root));
        PayloadDocument document = PayloadFiles.Read(file).Single();

        // Validation for a saved plan says where, and what to write instead.
        PayloadValidationResult checkedForPlan = PayloadValidator.Validate(document, Plain.NoEnvironment.WithoutSecretReferenceCheck().WithSecretsAsReferencesOnly());
        PayloadProblem problem = Assert.Single(checkedForPlan.Errors, p => p.Found == SecretLiterals.Found);
        Assert.Equal(file, problem.File);
        Assert.NotNull(problem.Line);
        Assert.Contains("${env:IMMUTA_" + type.Slug.ToUpperInvariant(), problem.Message);
        Assert.DoesNotContain(Warnings(checkedForPlan), w => w.Contains("plain text"));
        // Elsewhere it stays a warning.
        Assert.True(PayloadValidator.Validate(document, Plain.NoEnvironment.WithoutSecretReferenceCheck()).IsValid);

        // And the writer refuses such a payload even when it was not validated for a plan.
        PreparedPayload payload = PreparedPayload.From(document, Plain.NoEnvironment.WithoutSecretReferenceCheck());
        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan([payload], [], prune: false);
        var refused = Assert.Throws<ImmutaPayloadException>(() => SavedPlanFile.Write(PlanPath(), Tenant, false, plan, _folder, Made));
        Assert.Contains("write it as a ${env:NAME} reference", refused.Message);
        Assert.False(File.Exists(PlanPath()));
    }

    private static IEnumerable<string> Warnings(PayloadValidationResult result) => result.Problems.Where(p => p.Severity == PayloadProblemSeverity.Warning).Select(p => p.Message);

    [Fact]
    public void A_secret_block_and_a_secret_named_field_of_an_unknown_type_are_found_where_they_are()
    {
        OrderedDictionary keyPair = Plain.Map(("host", "a.snowflakecomputing.com"), ("authenticationType", "keyPair"),
            ("privateKey", Plain.Map(("keyName", "PRIV_KEY_FILE"), ("content", "${env:KEY}"))), ("privateKeyPassword", "${env:PASS}"));
        Assert.Equal(["config.privateKey.keyName"], SecretLiterals.Find(IntegrationTypes.Snowflake, keyPair));

        OrderedDictionary unknown = Plain.Map(("host", "x"), ("clientSecret", "literal"), ("tokens", new object?[] { "${env:A}", "b" }));
        Assert.Equal(["config.clientSecret", "config.tokens"], SecretLiterals.Find(IntegrationTypes.ResolveOrUnknown("Hypothetical"), unknown));
    }

    [Fact]
    public void No_single_byte_changed_anywhere_in_the_file_is_taken_for_the_plan()
    {
        PreparedPayload snowflake = Referenced(IntegrationTypes.Snowflake, "snowflake.yaml");
        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan([snowflake], [Shown(snowflake, "5", "editError")], prune: false);
        SavedPlanFile.Write(PlanPath(), Tenant, false, plan, _folder, Made);
        byte[] bytes = File.ReadAllBytes(PlanPath());
        string changed = PlanPath("changed.json");

        for (int i = 0; i < bytes.Length; i++)
        {
            byte[] copy = (byte[])bytes.Clone();
            // A neighbouring character: the smallest edit, which keeps most files valid JSON.
            copy[i] = (byte)(copy[i] == (byte)'0' ? '1' : copy[i] ^ 1);
            File.WriteAllBytes(changed, copy);
            var refused = Assert.Throws<ImmutaPlanException>(() => SavedPlanFile.Read(changed));
            Assert.Contains(refused.ErrorId, new[] { ImmutaErrorId.PlanFileInvalid, ImmutaErrorId.PlanFormatUnsupported });
        }
        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(changed, bytes.Take(length).ToArray());
            Assert.Equal(ImmutaErrorId.PlanFileInvalid, Assert.Throws<ImmutaPlanException>(() => SavedPlanFile.Read(changed)).ErrorId);
        }
        File.WriteAllBytes(changed, bytes);
        Assert.Single(SavedPlanFile.Read(changed).Items);
    }

    [Theory]
    [InlineData("", "is empty: it is not a saved plan")]
    [InlineData("type: Snowflake\nautoBootstrap: true\n", "is not a saved plan: it is not the JSON")]
    [InlineData("{\"type\": \"Snowflake\"}", "is not a saved plan: it has no \"format\": \"ImmutaIntegrations plan\"")]
    [InlineData("{\n  \"format\": \"ImmutaIntegrations plan\",\n  \"formatVersion\": 1,\n  \"checksum\": \"sha", "is damaged or truncated")]
    [InlineData("{\"format\": \"ImmutaIntegrations plan\", \"formatVersion\": 7, \"moduleVersion\": \"9.0.0\"}",
        "was written by ImmutaIntegrations 9.0.0 in plan format 7; this version")]
    public void A_file_that_is_no_plan_says_why(string text, string why)
    {
        File.WriteAllText(PlanPath(), text);

        var refused = Assert.Throws<ImmutaPlanException>(() => SavedPlanFile.Read(PlanPath()));

        Assert.Contains($"{PlanPath()} {why}", refused.Message);
        Assert.Equal(PlanPath(), refused.File);
    }

    [Fact]
    public void A_missing_file_or_a_folder_is_no_plan()
    {
        Assert.Equal(ImmutaErrorId.PlanFileNotFound, Assert.Throws<ImmutaPlanException>(() => SavedPlanFile.Read(PlanPath("missing.json"))).ErrorId);
        Assert.Contains("is a folder", Assert.Throws<ImmutaPlanException>(() => SavedPlanFile.Read(_folder)).Message);
    }

    [Fact]
    public void Writing_over_an_existing_plan_replaces_it_whole_and_a_plan_file_is_told_from_a_payload_file()
    {
        PreparedPayload snowflake = Referenced(IntegrationTypes.Snowflake, "snowflake.yaml");
        File.WriteAllText(PlanPath(), "an older plan");

        SavedPlanFile.Write(PlanPath(), Tenant, false, IntegrationPlanner.Plan([snowflake], [], prune: false), Path.Combine(_folder, "elsewhere"), Made);

        Assert.Equal(IntegrationPlanAction.Create, Assert.Single(SavedPlanFile.Read(PlanPath()).Items).Action);
        Assert.Equal([Path.GetFileName(PlanPath()), "snowflake.yaml"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
        Assert.True(SavedPlanFile.BeginsAsPlan(PlanPath()));
        Assert.False(SavedPlanFile.BeginsAsPlan(Path.Combine(_folder, "snowflake.yaml")));
        Assert.Equal(RepositoryPath(Path.Combine(_folder, "snowflake.yaml")), SavedPlanFile.Read(PlanPath()).Items[0].Source);
    }

    // A file outside the folder sources are named from keeps its full path, with forward slashes.
    private static string RepositoryPath(string path) => path.Replace('\\', '/');

    [Fact]
    public void Its_checksum_is_over_its_bytes_with_its_own_digits_as_zeros()
    {
        string sealedText = PlanChecksum.Seal("{\"checksum\": \"" + PlanChecksum.Placeholder + "\"}\n", out string checksum);

        Assert.Matches("^sha256:[0-9a-f]{64}$", checksum);
        Assert.True(PlanChecksum.Verify(sealedText, checksum));
        Assert.False(PlanChecksum.Verify(sealedText + " ", checksum));
        Assert.False(PlanChecksum.Verify(sealedText.Replace(checksum, checksum.ToUpperInvariant().Replace("SHA256", "sha256")), checksum.ToUpperInvariant()));
        string expected = "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes("{\"checksum\": \"" + PlanChecksum.Placeholder + "\"}\n"))).ToLowerInvariant();
        Assert.Equal(expected, checksum);
    }
}
