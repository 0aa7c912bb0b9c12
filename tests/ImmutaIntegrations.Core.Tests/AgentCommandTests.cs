using System.Text.RegularExpressions;
using ImmutaIntegrations.Core.Ci;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The pipeline agents' log commands: their form, and escaping that no text can get out of. Each escaped line is read back
/// as its agent reads it (split into the command's parts, then unescaped in the agent's order), and must give the text back.
/// </summary>
public sealed class AgentCommandTests
{
    // Everything that could end a property, the properties or the line, or look like an escape or another command.
    private const string Hostile =
        "50% done]; type=warning;sourcepath=x] %0A %AZP25 %25 %3B\r\n##vso[task.complete result=Failed]\n::error::x, y: z\r::stop-commands::t";
    private const string HostilePath = "folder, with: colon;semi]colon%0A/payload %25.yaml";

    [Fact]
    public void Azure_DevOps_annotations_name_the_type_file_line_and_column()
    {
        Assert.Equal(
            "##vso[task.logissue type=error;sourcepath=integrations/snowflake.yaml;linenumber=4;columnnumber=16]config.port: expected an integer.",
            AgentCommands.Annotation(PipelineAgentKind.AzureDevOps, false, "integrations/snowflake.yaml", 4, 16, "config.port: expected an integer."));
        Assert.Equal("##vso[task.logissue type=warning;sourcepath=a.yaml;linenumber=9]w",
            AgentCommands.Annotation(PipelineAgentKind.AzureDevOps, true, "a.yaml", 9, null, "w"));
        Assert.Equal("##vso[task.logissue type=error]m", AgentCommands.Annotation(PipelineAgentKind.AzureDevOps, false, null, null, null, "m"));
    }

    [Fact]
    public void GitHub_annotations_name_the_file_line_and_column()
    {
        Assert.Equal("::error file=integrations/snowflake.yaml,line=4,col=16::config.port: expected an integer.",
            AgentCommands.Annotation(PipelineAgentKind.GitHubActions, false, "integrations/snowflake.yaml", 4, 16, "config.port: expected an integer."));
        Assert.Equal("::warning file=a.yaml,line=9::w", AgentCommands.Annotation(PipelineAgentKind.GitHubActions, true, "a.yaml", 9, null, "w"));
        Assert.Equal("::error::m", AgentCommands.Annotation(PipelineAgentKind.GitHubActions, false, null, null, null, "m"));
    }

    [Fact]
    public void An_Azure_DevOps_annotation_of_hostile_text_is_one_command_that_gives_the_text_back()
    {
        string line = AgentCommands.Annotation(PipelineAgentKind.AzureDevOps, false, HostilePath, 3, 7, Hostile);

        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        // The agent: the properties end at the first ']', and are split at each ';', each at its first '='.
        Match command = Regex.Match(line, @"^##vso\[task\.logissue (?<properties>[^\]]*)\](?<message>.*)$");
        Assert.True(command.Success, line);
        string[] properties = command.Groups["properties"].Value.Split(';');
        Assert.Equal(["type", "sourcepath", "linenumber", "columnnumber"], properties.Select(p => p.Split('=', 2)[0]));
        Assert.Equal(["error", HostilePath, "3", "7"], properties.Select(p => AzureUnescape(p.Split('=', 2)[1])));
        Assert.Equal(Hostile, AzureUnescape(command.Groups["message"].Value));
    }

    [Fact]
    public void A_GitHub_annotation_of_hostile_text_is_one_command_that_gives_the_text_back()
    {
        string line = AgentCommands.Annotation(PipelineAgentKind.GitHubActions, true, HostilePath, 3, 7, Hostile);

        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        // The runner: the command's name and properties end at the first '::' after the name, split at each ',' and '='.
        Match command = Regex.Match(line, "^::(?<name>[a-z]+) (?<properties>.*?)::(?<message>.*)$");
        Assert.True(command.Success, line);
        Assert.Equal("warning", command.Groups["name"].Value);
        string[] properties = command.Groups["properties"].Value.Split(',');
        Assert.Equal(["file", "line", "col"], properties.Select(p => p.Split('=', 2)[0]));
        Assert.Equal([HostilePath, "3", "7"], properties.Select(p => GitHubUnescape(p.Split('=', 2)[1], property: true)));
        Assert.Equal(Hostile, GitHubUnescape(command.Groups["message"].Value, property: false));
    }

    [Theory]
    [InlineData("%", "%AZP25", "%AZP25")]
    [InlineData(";", ";", "%3B")]
    [InlineData("]", "%5D", "%5D")]
    [InlineData("\r\n", "%0D%0A", "%0D%0A")]
    [InlineData("%0A", "%AZP250A", "%AZP250A")]
    public void Azure_DevOps_escapes_as_its_agent_unescapes(string text, string data, string property)
    {
        Assert.Equal(data, AgentCommands.AzureData(text));
        Assert.Equal(property, AgentCommands.AzureProperty(text));
    }

    [Theory]
    [InlineData("%", "%25", "%25")]
    [InlineData(":", ":", "%3A")]
    [InlineData(",", ",", "%2C")]
    [InlineData("\r\n", "%0D%0A", "%0D%0A")]
    [InlineData("%0A", "%250A", "%250A")]
    public void GitHub_escapes_as_its_runner_unescapes(string text, string data, string property)
    {
        Assert.Equal(data, AgentCommands.GitHubData(text));
        Assert.Equal(property, AgentCommands.GitHubProperty(text));
    }

    [Fact]
    public void The_summary_to_attach_is_named_by_its_path()
    {
        Assert.Equal("##vso[task.uploadsummary]/agent/_temp/immuta-plan-1.md", AgentCommands.UploadSummary("/agent/_temp/immuta-plan-1.md"));
        Assert.Equal("##vso[task.uploadsummary]/t/a%5Db%0A.md", AgentCommands.UploadSummary("/t/a]b\n.md"));
    }

    // As the Azure Pipelines agent unescapes: its escapes first, then %AZP25 into '%'.
    private static string AzureUnescape(string value) =>
        value.Replace("%3B", ";").Replace("%0D", "\r").Replace("%0A", "\n").Replace("%5D", "]").Replace("%AZP25", "%");

    // As the GitHub runner unescapes: line breaks (and in a property ':' and ','), then %25 into '%'.
    private static string GitHubUnescape(string value, bool property)
    {
        string text = value.Replace("%0D", "\r").Replace("%0A", "\n");
        if (property) text = text.Replace("%3A", ":").Replace("%2C", ",");
        return text.Replace("%25", "%");
    }
}
