using System.Management.Automation;
using ImmutaIntegrations.Core.Ci;
using ImmutaIntegrations.Core.SavedPlans;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Import-ImmutaIntegrationPlan: reads a saved plan (Compare-ImmutaIntegration -OutFile) back as the plan items
/// Compare-ImmutaIntegration returns, each with the file it came from (PlanFile: tenant, when, version, checksum), to look
/// at offline; -AsMarkdown gives the plan's Markdown summary, as a pipeline run shows it. A file that is not a plan exactly
/// as written is an error saying why, and the other files go on.
/// </summary>
[Cmdlet(VerbsData.Import, "ImmutaIntegrationPlan", DefaultParameterSetName = ItemsSet)]
[OutputType(typeof(IntegrationPlanItem), ParameterSetName = new[] { ItemsSet })]
[OutputType(typeof(string), ParameterSetName = new[] { MarkdownSet })]
public sealed class ImportImmutaIntegrationPlanCommand : AsyncCmdlet
{
    public const string ItemsSet = "Items";
    public const string MarkdownSet = "Markdown";

    /// <summary>Saved plan files (wildcards allowed); binds FullName from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Return the plan's Markdown summary (one string per file) instead of its items.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MarkdownSet)]
    public SwitchParameter AsMarkdown { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string path in Path)
        {
            foreach (string file in PayloadInput.ResolvePaths(this, path)) Import(file);
        }
    }

    private void Import(string file)
    {
        SavedPlan? plan = TryItem(() => SavedPlanFile.Read(file), file);
        if (plan is null) return;
        if (AsMarkdown)
        {
            WriteObject(IntegrationSummaries.Plan(plan.Items, plan.File).ToMarkdown());
            return;
        }
        foreach (IntegrationPlanItem item in plan.Items) WriteObject(item);
    }
}
