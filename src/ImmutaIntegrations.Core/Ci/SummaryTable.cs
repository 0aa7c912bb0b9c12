using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ImmutaIntegrations.Core.Ci;

/// <summary>
/// A summary a reviewer reads at a glance on a run's page: a heading, a line of counts, then a table, as Markdown.
/// Any command's summary is one of these; <see cref="IntegrationSummaries"/> builds the plan's and the sync's.
/// </summary>
public sealed class SummaryTable
{
    /// <param name="title">The heading, e.g. the command's name.</param>
    /// <param name="counts">One line under the heading, e.g. <c>3 to create, 1 to update</c>.</param>
    /// <param name="headers">The columns.</param>
    /// <param name="rows">The cells of each row, as many as <paramref name="headers"/> (missing ones are empty, extra ones dropped).</param>
    /// <param name="note">A line under the counts, e.g. which saved plan this is; none when null.</param>
    public SummaryTable(string title, string counts, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string? note = null)
    {
        Note = note ?? string.Empty;
        Title = title ?? throw new ArgumentNullException(nameof(title));
        Counts = counts ?? string.Empty;
        Headers = headers ?? throw new ArgumentNullException(nameof(headers));
        if (Headers.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(headers));
        Rows = (rows ?? throw new ArgumentNullException(nameof(rows))).ToList();
    }

    public string Title { get; }

    public string Counts { get; }

    public string Note { get; }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<IReadOnlyList<string?>> Rows { get; }

    /// <summary>The summary as Markdown (GitHub and Azure DevOps render the same tables), ending with a line break.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("### ").Append(Text(Title)).Append('\n').Append('\n');
        if (Counts.Length > 0) text.Append(Text(Counts)).Append('\n').Append('\n');
        if (Note.Length > 0) text.Append(Text(Note)).Append('\n').Append('\n');
        if (Rows.Count == 0) return text.ToString();
        AppendRow(text, Headers);
        AppendRow(text, Headers.Select(_ => "---").ToList(), escape: false);
        foreach (IReadOnlyList<string?> row in Rows) AppendRow(text, Enumerable.Range(0, Headers.Count).Select(i => i < row.Count ? row[i] : null).ToList());
        return text.ToString();
    }

    /// <summary>
    /// Text for a table cell: nothing in it can end the cell (<c>|</c>), the row (a line break, written <c>&lt;br&gt;</c>) or
    /// open a code span (a backtick). A backslash is escaped first, so that one in the text cannot escape the <c>\|</c> that
    /// follows it; <c>&lt;</c> and <c>&amp;</c> too, so that text such as <c>&lt;REDACTED&gt;</c> shows as written instead of
    /// being taken for HTML and dropped.
    /// </summary>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var cell = new StringBuilder(text!.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\\': cell.Append("\\\\"); break;
                case '|': cell.Append("\\|"); break;
                case '`': cell.Append("\\`"); break;
                case '&': cell.Append("&amp;"); break;
                case '<': cell.Append("&lt;"); break;
                case '\r':
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    cell.Append("<br>");
                    break;
                case '\n': cell.Append("<br>"); break;
                default: cell.Append(c); break;
            }
        }
        return cell.ToString();
    }

    // The heading and the counts are single lines of text: escaped as a cell is, so neither can start a table or a block.
    private static string Text(string text) => Cell(text).Trim();

    private static void AppendRow(StringBuilder text, IReadOnlyList<string?> cells, bool escape = true)
    {
        text.Append('|');
        foreach (string? cell in cells) text.Append(' ').Append(escape ? Cell(cell) : cell).Append(" |");
        text.Append('\n');
    }
}
