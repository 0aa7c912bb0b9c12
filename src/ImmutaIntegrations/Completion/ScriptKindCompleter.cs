using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;

namespace ImmutaIntegrations.Completion;

/// <summary>
/// Completes setup script kinds: those of the integration type the line already names — by -Type, by the
/// payload given with -Payload or -Path (a small file is read), or by the type of the integration -Id names
/// (from the id completer's cache) — in the order a manual setup uses them; every kind when the type is not
/// known. A type without scripts (Trino) completes nothing. Never throws.
/// </summary>
public sealed class ScriptKindCompleter : IArgumentCompleter
{
    /// <summary>Files larger than this are not read to find the type: completion must stay instant.</summary>
    private const long CheapFileBytes = 256 * 1024;

    private static readonly IntegrationScriptKind[] AllKinds = (IntegrationScriptKind[])Enum.GetValues(typeof(IntegrationScriptKind));

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            string typed = CompletionText.Unquote(wordToComplete, out char quote);
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            return KindsFor(fakeBoundParameters, commandAst)
                .Where(kind => pattern.IsMatch(kind.ToString()))
                .Select(kind => new CompletionResult(CompletionText.Quote(kind.ToString(), quote), kind.ToString(),
                    CompletionResultType.ParameterValue, Describe(kind)))
                .ToArray();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }

    /// <summary>The kinds valid for the type the bound parameters name; every kind when they name none this version knows.</summary>
    internal static IReadOnlyList<IntegrationScriptKind> KindsFor(IDictionary? fakeBoundParameters, CommandAst? commandAst = null)
    {
        string[] types = TypeNames(fakeBoundParameters, commandAst);
        IReadOnlyList<IntegrationScriptKind>? known = types.Length == 0 ? null : ScriptsOf(types);
        return known ?? AllKinds;
    }

    /// <summary>
    /// The type names the line gives, in the order of preference: -Type, -Payload (or a variable piped in), -Path,
    /// then -Id's integration. Empty when none gives one.
    /// </summary>
    private static string[] TypeNames(IDictionary? bound, CommandAst? commandAst)
    {
        bound ??= new Hashtable();
        if (Value(bound, "Type") is object type && First(type) is string name && name.Length > 0) return new[] { name };

        object? payload = Value(bound, "Payload") ?? Value(bound, "InputObject") ?? PipedVariable(commandAst);
        if (payload != null && TypeOfObject(First(payload)) is string payloadType) return new[] { payloadType };

        if (Value(bound, "Path") is object path && First(path) is string file && file.Length > 0)
        {
            string[] fromFile = TypesInFile(file);
            if (fromFile.Length > 0) return fromFile;
        }

        if (Value(bound, "Id") is object id && First(id) is object firstId)
        {
            string wanted = Convert.ToString(firstId, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            ImmutaConnection? connection = IntegrationListCache.ConnectionFor(bound);
            IntegrationSummary? integration = connection is null ? null
                : IntegrationListCache.Get(connection).FirstOrDefault(i => string.Equals(i.Id, wanted, StringComparison.OrdinalIgnoreCase));
            if (integration != null) return new[] { integration.Type };
        }
        return Array.Empty<string>();
    }

    /// <summary>The value of a variable piped into the command (<c>$payload | Get-ImmutaIntegrationScript -Kind</c>).</summary>
    private static object? PipedVariable(CommandAst? commandAst)
    {
        if (!(commandAst?.Parent is PipelineAst pipeline)) return null;
        int position = pipeline.PipelineElements.IndexOf(commandAst);
        if (position < 1 || !(pipeline.PipelineElements[position - 1] is CommandExpressionAst piped)
            || !(piped.Expression is VariableExpressionAst variable) || variable.Splatted) return null;
        using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
        {
            shell.AddScript("param($name) $ExecutionContext.SessionState.PSVariable.GetValue($name)").AddArgument(variable.VariablePath.UserPath);
            PSObject? value = shell.Invoke().FirstOrDefault();
            return value is null ? null : IntegrationListCache.Unwrap(value);
        }
    }

    private static object? Value(IDictionary bound, string name) =>
        bound.Contains(name) ? IntegrationListCache.Unwrap(bound[name]) : null;

    // A parameter typed as an array arrives as one; the first element speaks for it.
    private static object? First(object value)
    {
        object? unwrapped = IntegrationListCache.Unwrap(value);
        if (unwrapped is string || unwrapped is IDictionary) return unwrapped;
        if (unwrapped is IEnumerable items)
        {
            foreach (object? item in items) return IntegrationListCache.Unwrap(item);
            return null;
        }
        return unwrapped;
    }

    private static string? TypeOfObject(object? payload)
    {
        switch (payload)
        {
            case IntegrationPayload built: return built.Type;
            case Integration integration: return integration.Type;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (string.Equals(entry.Key as string, "type", StringComparison.OrdinalIgnoreCase))
                    {
                        return IntegrationListCache.Unwrap(entry.Value) as string;
                    }
                }
                return null;
            case FileInfo file: return TypesInFile(file.FullName).FirstOrDefault();
            case PSObject custom: return IntegrationListCache.Unwrap(custom.Properties["type"]?.Value) as string;
            default: return null;
        }
    }

    /// <summary>The types of the payloads in a small payload file; empty when it cannot be read quickly.</summary>
    private static string[] TypesInFile(string path)
    {
        try
        {
            if (WildcardPattern.ContainsWildcardCharacters(path)) return Array.Empty<string>();
            string? full = Path.IsPathRooted(path) ? path : ProviderPath(path);
            if (full is null) return Array.Empty<string>();
            var file = new FileInfo(full);
            if (!file.Exists || file.Length > CheapFileBytes) return Array.Empty<string>();
            return ReadTypes(file.FullName);
        }
        catch (Exception)
        {
            return Array.Empty<string>();
        }
    }

    // Relative to the session's current location, which only the session knows (completers run on its thread).
    private static string? ProviderPath(string path)
    {
        using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
        {
            shell.AddScript("param($path) $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($path)").AddArgument(path);
            return shell.Invoke().Select(o => o?.BaseObject as string).FirstOrDefault();
        }
    }

    // The engine is named only in these methods, run after the module's resolver is in place.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string[] ReadTypes(string path) =>
        Core.Payloads.Reading.PayloadFiles.Read(path)
            .Select(document => document.Map?["type"] as string)
            .Where(type => !string.IsNullOrEmpty(type))
            .Select(type => type!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>The scripts of the named types in their order (of each, when several); null when a name is of no known type.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IReadOnlyList<IntegrationScriptKind>? ScriptsOf(string[] typeNames)
    {
        var kinds = new List<IntegrationScriptKind>();
        foreach (string name in typeNames)
        {
            Core.Payloads.Types.IntegrationType? type = Core.Payloads.Types.IntegrationTypes.Resolve(name);
            if (type is null) return null;
            kinds.AddRange(type.Scripts);
        }
        return kinds.Distinct().ToArray();
    }

    private static string Describe(IntegrationScriptKind kind) => kind switch
    {
        IntegrationScriptKind.Create => "Create: sets up the Immuta-managed objects (scripts/create)",
        IntegrationScriptKind.Edit => "Edit: changes them for an update of the integration (-Id; {id}/scripts/edit)",
        IntegrationScriptKind.Delete => "Delete: removes them, for an integration created successfully (-Id; {id}/scripts/delete)",
        IntegrationScriptKind.Cleanup => "Cleanup: removes them after a failed creation (scripts/cleanup)",
        IntegrationScriptKind.InitialCreate => "InitialCreate: the first of two setup scripts (scripts/initial-create)",
        IntegrationScriptKind.PostCleanup => "PostCleanup: the second cleanup script after a failed creation (scripts/post-cleanup)",
        _ => kind.ToString(),
    };
}
