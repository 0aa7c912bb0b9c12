using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.Tests;

public sealed class ExportFolderTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Integration Snowflake(string id, string host, string status = "enabled") => new()
    {
        Id = id,
        Type = "Snowflake",
        Status = status,
        AutoBootstrap = true,
        Config = Plain.Map(("host", host), ("port", 443), ("warehouse", "WH"), ("database", "IMMUTA"),
            ("authenticationType", "userPassword"), ("username", "immuta"), ("password", "<REDACTED>")),
    };

    private static ExportDraft Draft(Integration integration) =>
        ExportFolder.Draft(integration, unknown => throw new InvalidOperationException($"{unknown.Type} is known")) ?? throw new InvalidOperationException("left out");

    [Fact]
    public void Two_integrations_that_would_take_one_name_are_told_apart_by_id_in_id_order_whatever_order_they_came_in()
    {
        ExportDraft[] drafts = { Draft(Snowflake("10", "acme.snowflakecomputing.com")), Draft(Snowflake("9", "acme.snowflakecomputing.com")),
            Draft(Snowflake("2", "other.snowflakecomputing.com")) };

        IReadOnlyList<ExportFile> files = ExportFolder.Plan(drafts, _folder.Path);

        Assert.Equal(new[] { "2", "9", "10" }, files.Select(f => f.Integration.Id));
        Assert.Equal(new[] { "snowflake-other.snowflakecomputing.com.yaml", "snowflake-acme.snowflakecomputing.com.yaml",
            "snowflake-acme.snowflakecomputing.com-10.yaml" }, files.Select(f => Path.GetFileName(f.Path)));
        Assert.All(files, f => Assert.True(f.Changed));
    }

    [Fact]
    public void A_file_already_holding_the_text_is_unchanged_and_one_holding_other_text_is_changed()
    {
        ExportDraft same = Draft(Snowflake("1", "same.snowflakecomputing.com"));
        ExportDraft other = Draft(Snowflake("2", "other.snowflakecomputing.com"));
        File.WriteAllText(Path.Combine(_folder.Path, same.Exported.FileName), same.Exported.Text);
        File.WriteAllText(Path.Combine(_folder.Path, other.Exported.FileName), other.Exported.Text + "# edited\n");

        IReadOnlyList<ExportFile> files = ExportFolder.Plan(new[] { same, other }, _folder.Path);

        Assert.Equal(new[] { false, true }, files.Select(f => f.Changed));
        Assert.All(ExportFolder.Plan(new[] { same, other }, Path.Combine(_folder.Path, "not-yet")), f => Assert.True(f.Changed));
    }

    [Fact]
    public void An_integration_on_its_way_out_is_left_out_and_one_of_an_unknown_type_is_told()
    {
        var told = new List<string>();
        var unknown = new Integration { Id = "5", Type = "Oracle", Status = "enabled", Config = Plain.Map(("host", "db"), ("secret", "<REDACTED>")) };

        Assert.Null(ExportFolder.Draft(Snowflake("3", "gone.snowflakecomputing.com", status: "deleting"), i => told.Add(i.Id)));
        ExportDraft? draft = ExportFolder.Draft(unknown, i => told.Add(i.Id));

        Assert.Equal(new[] { "5" }, told);
        Assert.NotNull(draft);
        Assert.Contains("${env:", draft!.Exported.Text);
        Assert.DoesNotContain("REDACTED", draft.Exported.Text);
    }
}
