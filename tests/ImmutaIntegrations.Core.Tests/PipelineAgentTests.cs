using ImmutaIntegrations.Core.Ci;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>Which agent the environment describes, where its paths are relative to, and the switch that turns it all off.</summary>
public sealed class PipelineAgentTests
{
    private static readonly string Here = Path.Combine(Path.GetTempPath(), "here");

    private static PipelineAgent? Detect(params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        return PipelineAgent.Detect(name => environment.TryGetValue(name, out string? value) ? value : null, Here);
    }

    [Fact]
    public void Azure_DevOps_is_told_by_TF_BUILD_and_names_files_relative_to_the_sources()
    {
        PipelineAgent agent = Detect(("TF_BUILD", "True"), ("BUILD_SOURCESDIRECTORY", "/a/1/s"), ("AGENT_TEMPDIRECTORY", "/a/_temp"))!;

        Assert.Equal(PipelineAgentKind.AzureDevOps, agent.Kind);
        Assert.Equal("/a/1/s", agent.RepositoryRoot);
        Assert.Equal("/a/_temp", agent.SummaryFolder);
        Assert.Null(agent.StepSummaryFile);
    }

    [Fact]
    public void GitHub_Actions_is_told_by_GITHUB_ACTIONS_and_names_files_relative_to_the_workspace()
    {
        PipelineAgent agent = Detect(("GITHUB_ACTIONS", "true"), ("GITHUB_WORKSPACE", "/w/repo"), ("GITHUB_STEP_SUMMARY", "/w/_temp/step_summary"))!;

        Assert.Equal(PipelineAgentKind.GitHubActions, agent.Kind);
        Assert.Equal("/w/repo", agent.RepositoryRoot);
        Assert.Equal("/w/_temp/step_summary", agent.StepSummaryFile);
    }

    [Fact]
    public void Without_the_agents_folder_paths_are_relative_to_the_current_directory_and_summaries_go_to_the_temp_folder()
    {
        PipelineAgent agent = Detect(("TF_BUILD", "true"))!;

        Assert.Equal(Here, agent.RepositoryRoot);
        Assert.Equal(Path.GetTempPath(), agent.SummaryFolder);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("FALSE")]
    [InlineData("off")]
    [InlineData(" Off ")]
    public void IMMUTA_CI_ANNOTATIONS_turns_it_off(string value)
    {
        Assert.Null(Detect(("TF_BUILD", "True"), (PipelineAgent.SwitchVariable, value)));
        Assert.Null(Detect(("GITHUB_ACTIONS", "true"), (PipelineAgent.SwitchVariable, value)));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("")]
    public void Any_other_value_of_IMMUTA_CI_ANNOTATIONS_leaves_it_on(string value) =>
        Assert.NotNull(Detect(("GITHUB_ACTIONS", "true"), (PipelineAgent.SwitchVariable, value)));

    [Theory]
    [InlineData("TF_BUILD", "False")]
    [InlineData("TF_BUILD", "")]
    [InlineData("GITHUB_ACTIONS", "false")]
    [InlineData("CI", "true")]
    public void Outside_an_agent_there_is_none(string name, string value) => Assert.Null(Detect((name, value)));

    [Fact]
    public void An_annotation_names_its_file_relative_to_the_repository_and_its_severity()
    {
        string root = Path.Combine(Path.GetTempPath(), "repo");
        PipelineAgent agent = PipelineAgent.Detect(name => name switch { "GITHUB_ACTIONS" => "true", "GITHUB_WORKSPACE" => root, _ => null }, Here)!;
        var problem = new PayloadProblem
        {
            File = Path.Combine(root, "integrations", "snowflake.yaml"), Line = 5, Column = 3, Severity = PayloadProblemSeverity.Warning,
            Message = "config.password is a secret written in the file in plain text.",
        };

        Assert.Equal("::warning file=integrations/snowflake.yaml,line=5,col=3::config.password is a secret written in the file in plain text.",
            agent.Annotation(problem));
    }

    [Fact]
    public void A_file_in_the_repository_is_named_relative_to_it_with_forward_slashes()
    {
        string root = Path.Combine(Path.GetTempPath(), "repo");

        Assert.Equal("integrations/a.yaml", RepositoryPaths.Relative(root, Path.Combine(root, "integrations", "a.yaml")));
        Assert.Equal("a.yaml", RepositoryPaths.Relative(root + Path.DirectorySeparatorChar, Path.Combine(root, "a.yaml")));
        Assert.Equal("a.yaml", RepositoryPaths.Relative(Path.Combine(root, "sub", ".."), Path.Combine(root, "a.yaml")));
    }

    [Fact]
    public void A_file_outside_the_repository_keeps_its_full_path()
    {
        string root = Path.Combine(Path.GetTempPath(), "repo");
        string sibling = Path.Combine(Path.GetTempPath(), "repo2", "a.yaml");

        Assert.Equal(Path.GetFullPath(sibling).Replace('\\', '/'), RepositoryPaths.Relative(root, sibling));
        Assert.Equal(Path.GetFullPath(root).Replace('\\', '/'), RepositoryPaths.Relative(root, root));
    }
}
