using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ImmutaIntegrations.Core.Ci;

/// <summary>
/// The log commands the agents read from a step's standard output, each one line: an annotation (Azure DevOps
/// <c>##vso[task.logissue]</c>, GitHub <c>::error</c>/<c>::warning</c>) and the attaching of a summary (Azure DevOps
/// <c>##vso[task.uploadsummary]</c>). Every value is escaped as its agent unescapes it, so no text can end a command early,
/// start another line or set another property.
/// </summary>
public static class AgentCommands
{
    /// <summary>An annotation of a file's problem; without a file, an annotation of the run; line and column where known.</summary>
    public static string Annotation(PipelineAgentKind kind, bool warning, string? file, int? line, int? column, string message)
    {
        var properties = new List<KeyValuePair<string, string>>();
        if (kind == PipelineAgentKind.AzureDevOps)
        {
            properties.Add(Pair("type", warning ? "warning" : "error"));
            if (file != null)
            {
                properties.Add(Pair("sourcepath", file));
                if (line is int azureLine) properties.Add(Pair("linenumber", Number(azureLine)));
                if (line != null && column is int azureColumn) properties.Add(Pair("columnnumber", Number(azureColumn)));
            }
            string list = string.Join(";", properties.Select(p => p.Key + "=" + AzureProperty(p.Value)));
            return $"##vso[task.logissue {list}]{AzureData(message)}";
        }
        if (file != null)
        {
            properties.Add(Pair("file", file));
            if (line is int gitHubLine) properties.Add(Pair("line", Number(gitHubLine)));
            if (line != null && column is int gitHubColumn) properties.Add(Pair("col", Number(gitHubColumn)));
        }
        string name = warning ? "warning" : "error";
        string values = properties.Count == 0 ? string.Empty : " " + string.Join(",", properties.Select(p => p.Key + "=" + GitHubProperty(p.Value)));
        return $"::{name}{values}::{GitHubData(message)}";
    }

    /// <summary>Azure DevOps: attaches a Markdown file to the run's summary page (the path is the command's data).</summary>
    public static string UploadSummary(string path) => $"##vso[task.uploadsummary]{AzureData(path)}";

    /// <summary>A value of an Azure DevOps command's property: what ends the value (<c>;</c>) or the command (<c>]</c>, a line) escaped.</summary>
    public static string AzureProperty(string value) => AzureData(value).Replace(";", "%3B");

    /// <summary>
    /// The data (message) of an Azure DevOps command. <c>%</c> first, as <c>%AZP25</c>, so that text which looks like an escape
    /// (<c>%0A</c>) comes out as written and is not turned into a line break.
    /// </summary>
    public static string AzureData(string value) => Replace(value, ("%", "%AZP25"), ("\r", "%0D"), ("\n", "%0A"), ("]", "%5D"));

    /// <summary>A value of a GitHub command's property: what ends the value (<c>,</c>) or the properties (<c>:</c>) escaped too.</summary>
    public static string GitHubProperty(string value) => GitHubData(value).Replace(":", "%3A").Replace(",", "%2C");

    /// <summary>The data (message) of a GitHub command: <c>%</c> first, then the line breaks.</summary>
    public static string GitHubData(string value) => Replace(value, ("%", "%25"), ("\r", "%0D"), ("\n", "%0A"));

    private static string Replace(string value, params (string Token, string Escaped)[] mappings)
    {
        var text = new StringBuilder(value ?? string.Empty);
        foreach (var (token, escaped) in mappings) text.Replace(token, escaped);
        return text.ToString();
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new KeyValuePair<string, string>(key, value);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
