using System;
using System.IO;
using System.Linq;

namespace ImmutaIntegrations.Core.Ci;

/// <summary>The pipeline agents whose own log commands the module writes.</summary>
public enum PipelineAgentKind
{
    /// <summary>Azure Pipelines (Azure DevOps), which sets <c>TF_BUILD</c> to <c>True</c>.</summary>
    AzureDevOps = 0,

    /// <summary>GitHub Actions, which sets <c>GITHUB_ACTIONS</c> to <c>true</c>.</summary>
    GitHubActions = 1,
}

/// <summary>
/// The pipeline agent a command runs under, as the agent's environment variables tell it, and where its annotations
/// and summaries go. Read afresh by every command: a script may change the variables between two commands.
/// </summary>
public sealed class PipelineAgent
{
    /// <summary>Set to <c>0</c>, <c>false</c> or <c>off</c> to write no annotations or summaries even under an agent.</summary>
    public const string SwitchVariable = "IMMUTA_CI_ANNOTATIONS";

    private static readonly string[] Off = { "0", "false", "off" };

    private PipelineAgent(PipelineAgentKind kind, string repositoryRoot, string? stepSummaryFile, string summaryFolder)
    {
        Kind = kind;
        RepositoryRoot = repositoryRoot;
        StepSummaryFile = stepSummaryFile;
        SummaryFolder = summaryFolder;
    }

    public PipelineAgentKind Kind { get; }

    /// <summary>
    /// The folder the files of annotations are named relative to: the checked-out repository (<c>BUILD_SOURCESDIRECTORY</c>,
    /// <c>GITHUB_WORKSPACE</c>), else the current directory. The agents link an annotation to a file by that relative path.
    /// </summary>
    public string RepositoryRoot { get; }

    /// <summary>GitHub Actions: the job's summary file (<c>GITHUB_STEP_SUMMARY</c>), appended to; null when not set.</summary>
    public string? StepSummaryFile { get; }

    /// <summary>Azure DevOps: where summary files are written before they are attached (<c>AGENT_TEMPDIRECTORY</c>, else the temp folder).</summary>
    public string SummaryFolder { get; }

    /// <summary>The agent the process runs under, or null outside one or when <see cref="SwitchVariable"/> turns it off.</summary>
    /// <param name="currentDirectory">The folder paths are relative to when the agent does not say where the repository is.</param>
    public static PipelineAgent? FromEnvironment(string currentDirectory) => Detect(Environment.GetEnvironmentVariable, currentDirectory);

    /// <summary>The agent that the environment variables <paramref name="environment"/> gives describe (see <see cref="FromEnvironment"/>).</summary>
    public static PipelineAgent? Detect(Func<string, string?> environment, string currentDirectory)
    {
        if (environment is null) throw new ArgumentNullException(nameof(environment));
        string? enabled = environment(SwitchVariable)?.Trim();
        if (enabled != null && Off.Contains(enabled, StringComparer.OrdinalIgnoreCase)) return null;
        string temp = Given(environment("AGENT_TEMPDIRECTORY")) ?? Path.GetTempPath();
        if (IsTrue(environment("TF_BUILD")))
        {
            return new PipelineAgent(PipelineAgentKind.AzureDevOps, Given(environment("BUILD_SOURCESDIRECTORY")) ?? currentDirectory, null, temp);
        }
        if (IsTrue(environment("GITHUB_ACTIONS")))
        {
            return new PipelineAgent(PipelineAgentKind.GitHubActions, Given(environment("GITHUB_WORKSPACE")) ?? currentDirectory,
                Given(environment("GITHUB_STEP_SUMMARY")), temp);
        }
        return null;
    }

    /// <summary>The line that annotates a problem of a payload file, its file named relative to <see cref="RepositoryRoot"/>.</summary>
    public string Annotation(PayloadProblem problem)
    {
        if (problem is null) throw new ArgumentNullException(nameof(problem));
        string? file = problem.File is null ? null : RepositoryPaths.Relative(RepositoryRoot, problem.File);
        return AgentCommands.Annotation(Kind, problem.Severity == PayloadProblemSeverity.Warning, file, problem.Line, problem.Column, problem.Message);
    }

    // Azure DevOps writes True, GitHub true; either case is taken.
    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
