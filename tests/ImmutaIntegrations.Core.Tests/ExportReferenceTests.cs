using System.Collections.Specialized;
using System.Text;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// Export-ImmutaIntegration -SecretReference: every secret written as a reference of the kind asked for (an environment
/// variable, a file beside the payload file, a vault's secret), named after the integration and the setting; the files
/// validate without any secret and plan no change against what they came from.
/// </summary>
public sealed class ExportReferenceTests : IDisposable
{
    private const string SnowflakeName = "immuta-snowflake-organization-us-east-1-snowflakecomputing-com-password";
    private static readonly PayloadValidationOptions FormOnly = new(checkSecretReferences: false, environment: _ => null);
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string, string?> SlugsAndKinds()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (IntegrationType type in IntegrationTypes.All)
        {
            data.Add(type.Slug, "Environment", null);
            data.Add(type.Slug, "File", null);
            data.Add(type.Slug, "Vault", null);
            data.Add(type.Slug, "Vault", "Immuta Store");
        }
        return data;
    }

    // What Immuta shows for an example payload: its config with defaults filled in and secrets as <REDACTED>.
    private static Integration Actual(IntegrationType type, string id = "1", string? host = null)
    {
        OrderedDictionary root = Examples.Root(type);
        var config = root["config"] as OrderedDictionary ?? ConfigDictionary.Create();
        config = PayloadRedaction.Redact(type, config);
        if (type.HasConfig) config["port"] ??= 443;
        if (host != null) config["host"] = host;
        return new Integration { Id = id, Type = type.Name, Status = "enabled", AutoBootstrap = root["autoBootstrap"] as bool?, Config = config };
    }

    [Theory]
    [MemberData(nameof(SlugsAndKinds))]
    public void Every_secret_is_a_reference_of_the_kind_asked_for_the_file_is_valid_without_secrets_and_plans_no_change(string slug, string kind, string? vault)
    {
        IntegrationType type = Examples.Type(slug);
        Integration integration = Actual(type);
        var references = ExportReferences.Of(kind, vault);

        ExportedIntegration exported = IntegrationExporter.Export(type, integration, references);

        Assert.DoesNotContain(PayloadRedaction.Redacted, exported.Text, StringComparison.Ordinal);
        Assert.Equal(type.Secrets.Count(f => PlainValues.Get(integration.Config, f.Path) != null), exported.References.Count);
        Assert.Equal(exported.References.Count, exported.References.Distinct(StringComparer.Ordinal).Count());
        foreach (string written in exported.References)
        {
            Assert.Contains(": " + written + "\n", exported.Text, StringComparison.Ordinal);
            SecretReference reference = Assert.Single(SecretReferenceParser.Parse(written));
            Assert.Equal(written, reference.Text);
            Assert.Equal(references.Kind, reference.Kind);
            Assert.Equal(vault, reference.Vault);
        }
        Assert.Equal(kind == "Environment" ? exported.References.Count : 0, exported.Variables.Count);
        PayloadDocument read = Assert.Single(Plain.Parse(exported.Text, $"{slug}.yaml"));
        Assert.True(PayloadValidator.Validate(read, FormOnly).IsValid, $"{slug} as {kind} references validates with no secret at hand");
        PreparedPayload again = PreparedPayload.From(read, FormOnly);
        Assert.Equal(IntegrationPlanAction.NoChange, Assert.Single(IntegrationPlanner.Plan([again], [integration], prune: false)).Action);
    }

    [Fact]
    public void The_names_say_type_target_and_field_the_same_for_every_kind_and_vaults_take_letters_digits_and_dashes_only()
    {
        Integration integration = Actual(IntegrationTypes.Snowflake);

        string Password(string kind, string? vault = null) =>
            IntegrationExporter.Export(IntegrationTypes.Snowflake, integration, ExportReferences.Of(kind, vault)).References.Last();

        Assert.Equal("${env:IMMUTA_SNOWFLAKE_ORGANIZATION_US_EAST_1_SNOWFLAKECOMPUTING_COM_PASSWORD}", Password("Environment"));
        Assert.Equal("${file:secrets/" + SnowflakeName + ".txt}", Password("File"));
        Assert.Equal("${secret:" + SnowflakeName + "}", Password("vault"));
        Assert.Equal("${secret:Immuta/" + SnowflakeName + "}", Password("Vault", "Immuta"));
        Assert.Equal(IntegrationExporter.Export(IntegrationTypes.Snowflake, integration).Text,
            IntegrationExporter.Export(IntegrationTypes.Snowflake, integration, ExportReferences.Environment).Text);
    }

    [Fact]
    public void Two_integrations_of_one_type_get_names_of_their_own_and_the_same_integration_always_the_same()
    {
        var file = ExportReferences.Of("File");

        IReadOnlyList<string> one = IntegrationExporter.Export(IntegrationTypes.Snowflake, Actual(IntegrationTypes.Snowflake, "1", "one.snowflakecomputing.com"), file).References;
        IReadOnlyList<string> two = IntegrationExporter.Export(IntegrationTypes.Snowflake, Actual(IntegrationTypes.Snowflake, "2", "two.snowflakecomputing.com"), file).References;
        IReadOnlyList<string> oneAgain = IntegrationExporter.Export(IntegrationTypes.Snowflake, Actual(IntegrationTypes.Snowflake, "3", "one.snowflakecomputing.com"), file).References;

        Assert.Empty(one.Intersect(two));
        Assert.Equal(one, oneAgain);
    }

    [Fact]
    public void File_references_start_from_the_exported_files_folder_so_secrets_written_in_its_secrets_folder_are_sent()
    {
        Integration integration = Actual(IntegrationTypes.Snowflake);
        ExportDraft draft = ExportFolder.Draft(integration, _ => { }, ExportReferences.Of("File"))!;
        ExportFile exported = Assert.Single(ExportFolder.Plan([draft], _folder.Path));
        TextFiles.Write(exported.Path, exported.Exported.Text);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "secrets"));
        IReadOnlyList<string> paths = exported.Exported.References.Select(r => Assert.Single(SecretReferenceParser.Parse(r)).Name).ToArray();
        Assert.Contains("secrets/" + SnowflakeName + ".txt", paths);
        for (int i = 0; i < paths.Count; i++)
        {
            File.WriteAllText(Path.Combine(_folder.Path, paths[i]), $"export-{i}-secret\n", new UTF8Encoding(false));
        }

        PreparedPayload read = PreparedPayload.From(Assert.Single(PayloadFiles.Read(exported.Path)), Plain.NoEnvironment);

        string sent = read.ToRequestJson();
        Assert.Contains($"\"password\":\"export-{paths.Count - 1}-secret\"", sent, StringComparison.Ordinal);
        for (int i = 0; i < paths.Count; i++) Assert.Contains($":\"export-{i}-secret\"", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void Vault_references_name_the_secret_and_the_vault_that_resolving_fetches()
    {
        var vault = new NamedVault();
        Integration integration = Actual(IntegrationTypes.Databricks);
        ExportedIntegration exported = IntegrationExporter.Export(IntegrationTypes.Databricks, integration, ExportReferences.Of("Vault", "Immuta"));
        var options = PayloadValidationOptions.Default.WithSecrets(new SecretResolver(_ => null, vault).Once());

        PreparedPayload read = PreparedPayload.From(Assert.Single(Plain.Parse(exported.Text, "databricks.yaml")), options);

        Assert.Contains("\"token\":\"vault:Immuta/immuta-databricks-", read.ToRequestJson(), StringComparison.Ordinal);
        Assert.All(vault.Asked, asked => Assert.Equal("Immuta", asked.Vault));
        Assert.Equal(exported.References.Count, vault.Asked.Count);
    }

    [Theory]
    [InlineData("Environment", "Immuta")]
    [InlineData("File", "Immuta")]
    [InlineData("Vault", "team/immuta")]
    [InlineData("Vault", "immuta#entry")]
    [InlineData("Vault", "immuta}")]
    [InlineData("Vault", "a${env:X}")]
    [InlineData("Vault", " ")]
    [InlineData("Vault", " Immuta")]
    public void A_vault_for_another_kind_or_a_vault_name_no_reference_can_hold_is_refused(string kind, string vault)
    {
        var refused = Assert.Throws<ImmutaRefusedException>(() => ExportReferences.Of(kind, vault));

        Assert.Equal(ImmutaErrorId.InvalidArgument, refused.ErrorId);
        Assert.Contains("-SecretVault", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was exported.", refused.Message, StringComparison.Ordinal);
    }

    // A vault that answers every secret with a text naming it, and remembers what it was asked.
    private sealed class NamedVault : ISecretVault
    {
        public List<(string? Vault, string Name)> Asked { get; } = new();

        public bool NeedsCallingThread => false;

        public VaultSecret Fetch(string? vault, string name)
        {
            lock (Asked) Asked.Add((vault, name));
            return VaultSecret.FromText($"vault:{vault}/{name}");
        }
    }
}
