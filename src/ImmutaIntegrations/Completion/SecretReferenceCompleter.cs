using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Completion;

/// <summary>
/// Completes -RotateSecret from the secret references of the payload files -Path names: each reference as written
/// (quoted) and what it may be called by (a variable's, file's or secret's name, <c>VAULT/NAME</c>, a variable inside a
/// file's path). Reads at most <see cref="MaxFiles"/> files; a file that cannot be read is passed over. Never throws.
/// </summary>
public sealed class SecretReferenceCompleter : IArgumentCompleter
{
    /// <summary>How many payload files completion reads at most: it must answer while someone waits at the prompt.</summary>
    public const int MaxFiles = 200;

    private static readonly string[] Extensions = { ".yaml", ".yml", ".json" };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
            var names = new List<(string Name, string Tip)>();
            foreach (OrderedDictionary config in Configs(fakeBoundParameters?["Path"]))
            {
                foreach (var reference in SecretRotation.References(config))
                {
                    foreach (string name in reference.Names()) names.Add((name, reference.Text));
                }
            }
            return names
                .GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .Where(n => pattern.IsMatch(n.Name))
                .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(Quoted(n.Name), n.Name, CompletionResultType.ParameterValue, n.Tip))
                .ToArray();
        }
        catch (Exception)
        {
            // A completer never throws: nothing to offer.
            return Array.Empty<CompletionResult>();
        }
    }

    private static IEnumerable<OrderedDictionary> Configs(object? paths)
    {
        foreach (string file in Files(paths).Take(MaxFiles))
        {
            IReadOnlyList<PayloadDocument> documents;
            try
            {
                documents = PayloadFiles.Read(file);
            }
            catch (Exception)
            {
                continue;
            }
            foreach (PayloadDocument document in documents)
            {
                if (document.Map?["config"] is OrderedDictionary config) yield return config;
            }
        }
    }

    // The files -Path names, resolved as the session's current location and wildcards say; folders give the payload files in them.
    private static IEnumerable<string> Files(object? paths)
    {
        IEnumerable<string> given = paths switch
        {
            null => Array.Empty<string>(),
            string one => new[] { one },
            IEnumerable many => many.Cast<object?>().Select(p => p is PSObject wrapped ? wrapped.BaseObject : p).OfType<string>(),
            _ => new[] { paths.ToString() ?? string.Empty },
        };
        foreach (string path in given.Where(p => p.Length > 0))
        {
            foreach (string found in Resolve(path))
            {
                if (Directory.Exists(found))
                {
                    foreach (string file in Directory.EnumerateFiles(found).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                        .OrderBy(f => f, StringComparer.Ordinal))
                    {
                        yield return file;
                    }
                }
                else if (File.Exists(found))
                {
                    yield return found;
                }
            }
        }
    }

    // The session's own resolution (its location, wildcards), as a command of the running pipeline: completion runs inside
    // one, where the runspace's SessionStateProxy refuses to be called.
    private static IEnumerable<string> Resolve(string path)
    {
        if (Runspace.DefaultRunspace is null) return new[] { Path.GetFullPath(path) };
        using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
        {
            shell.AddCommand("Microsoft.PowerShell.Management\\Resolve-Path").AddParameter("Path", path).AddParameter("ErrorAction", ActionPreference.Ignore);
            return shell.Invoke().Select(result => result.BaseObject).OfType<PathInfo>()
                .Where(info => info.Provider.Name == "FileSystem").Select(info => info.ProviderPath).ToArray();
        }
    }

    // A reference holds $ and braces: quoted, so the shell passes it as written.
    private static string Quoted(string name) =>
        name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/') ? name : "'" + name.Replace("'", "''") + "'";
}
