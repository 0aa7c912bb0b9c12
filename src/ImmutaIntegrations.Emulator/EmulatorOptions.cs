using System.Globalization;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Quirks;
using ImmutaIntegrations.Emulator.Scripts;
using ImmutaIntegrations.Emulator.Settings;

namespace ImmutaIntegrations.Emulator;

/// <summary>The emulator's command line. Options it does not know (such as --urls) go to ASP.NET Core.</summary>
public sealed class EmulatorOptions
{
    public const string DefaultApiKey = "emulator-api-key";

    /// <summary>Keys with APPLICATION_ADMIN: accepted raw in Authorization or exchanged for a token.</summary>
    public List<string> ApiKeys { get; } = new();

    /// <summary>Valid keys that lack APPLICATION_ADMIN: they authenticate, and the Integrations API answers 403.</summary>
    public List<string> NonAdminKeys { get; } = new();

    /// <summary>A JSON or YAML file of integrations to start with (ignored when the state file exists).</summary>
    public string? SeedPath { get; set; }

    /// <summary>Where the state is kept across restarts; in memory only when null.</summary>
    public string? StateFile { get; set; }

    /// <summary>How long creating, editing and deleting take to reach their end state.</summary>
    public TimeSpan TransitionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How scripts are written from the start: the platform's SQL, SQLite statements recording it (for tests through SQLite),
    /// or Redshift's as PostgreSQL statements (for tests against a PostgreSQL server).
    /// </summary>
    public ScriptDialect ScriptDialect { get; set; } = ScriptDialect.Native;

    /// <summary>A test hook: SQL put as it is before the statements of every script served (of <see cref="ScriptPrefixKinds"/>).</summary>
    public string? ScriptPrefix { get; set; }

    /// <summary>The kinds of script <see cref="ScriptPrefix"/> goes into; every kind when empty.</summary>
    internal List<ScriptKind> ScriptPrefixKinds { get; } = new();

    /// <summary>How long a bearer token from /bim/apikey/authenticate stays valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The faults injected from the start (and restored by POST /_emulator/reset).</summary>
    public FaultSettings Faults { get; set; } = new();

    /// <summary>How scripts are labelled from the start: text/plain, text/html, application/octet-stream, json-string or json-object.</summary>
    public string ScriptContentType { get; set; } = ScriptContentTypes.PlainText;

    /// <summary>Where a force-disable ends from the start: deleted (the reference) or disabled (newer tenants).</summary>
    public string ForceDisableStatus { get; set; } = ForceDisableStatuses.Deleted;

    /// <summary>The quirks switched on from the start (and restored by POST /_emulator/reset).</summary>
    public List<string> Quirks { get; } = new();

    public const string Usage = """
        Usage: ImmutaEmulator [--urls http://127.0.0.1:0] [options]

        A stateful emulator of Immuta's Integrations API, for testing automation offline.

          --api-key <key>                  an accepted API key (repeatable; default "emulator-api-key")
          --non-admin-key <key>            a key that authenticates but lacks APPLICATION_ADMIN (403)
          --seed <file>                    start with the integrations in this JSON or YAML file
          --state-file <file>              keep the state in this file across restarts
          --transition-delay-ms <n>        time for creating/editing/deleting to settle (default 1000; 0 = at once)
          --token-lifetime-sec <n>         lifetime of bearer tokens (default 3600)
          --script-dialect <native|sqlite|postgres>
                                           how scripts are written (also at run time: POST /_emulator/settings):
                                             native    the platform's own SQL (default)
                                             sqlite    SQLite statements that record the platform's statements
                                                       in a table immuta_script_log (end-to-end tests)
                                             postgres  Redshift's scripts as PostgreSQL statements that really
                                                       make and remove the objects, the password included, on a
                                                       PostgreSQL 13+ server; other types keep their own SQL
          --script-prefix <sql>            test hook: put this SQL before the statements of every script, e.g.
                                           "SELECT pg_sleep(60)" for cancellation tests (also at run time)
          --script-prefix-kinds <kind,...> only into these scripts: create, edit, delete, cleanup,
                                           initial-create, post-cleanup (default: every script)
          --script-content-type <value>    how scripts are labelled (also at run time: POST /_emulator/settings):
                                             text/plain                text, "text/plain; charset=utf-8" (default)
                                             text/html                 text, "text/html; charset=utf-8"
                                             application/octet-stream  the script's UTF-8 bytes
                                             json-string               a JSON string, application/json
                                             json-object               {"script": "..."}, application/json
          --force-disable-status <deleted|disabled>
                                           where DELETE ?forceDisable=true ends (default deleted: gone from
                                           GET /integrations; disabled: newer tenants, still listed)
          --quirks <name,name,...>         answer as a real tenant plausibly might (also at run time:
                                           POST /_emulator/quirks):
                                             numeric-ids       ids are JSON numbers in integrations and change answers
                                             html-scripts      scripts labelled "text/html; charset=utf-8"
                                             unknown-status    one more integration (Native S3) with status "paused"
                                             unknown-type      one more integration of type "Hypothetical Platform"
                                             extra-fields      answer objects carry properties a client does not know
                                             bare-dry-run      a dry run answers {status, validationTests}, no wrapper
                                             object-messages   a failed or warning test's message and result are objects
                                             odd-item          GET /integrations holds one item that is no integration
                                             no-auth-endpoint  POST /bim/apikey/authenticate answers 404
          --help                           show this text

        Fault injection (also at run time: POST /_emulator/faults):
          --unavailable-rate <0..1>        share of requests answered 503 before processing
          --throttle-rate <0..1>           share answered 429 with Retry-After
          --retry-after-seconds <n>        the Retry-After of those 429s (default 1)
          --drop-after-processing-rate <0..1>  share processed, then the connection dropped unanswered
          --latency-ms <n>                 added to every request
          --fault-seed <n>                 makes the faults repeatable

        Admin routes (the API key is needed; not counted, not in the history, never faulted):
          GET/POST /_emulator/faults       the faults in force; set them
          GET/POST /_emulator/settings     {"scriptContentType", "forceDisableStatus", "scriptDialect",
                                           "scriptPrefix", "scriptPrefixKinds"}; set any of them (a null
                                           scriptPrefix takes the hook away)
          GET/POST /_emulator/quirks       {"quirks": [...]}; POST sets the whole list
          POST /_emulator/settle           end every transition under way now
          POST /_emulator/reset            forget every integration, count and the history; faults, settings and
                                           quirks back to the start options (?seed=true: load the seed again)
          GET /_emulator/requests          request counts by method and route
          GET /_emulator/stats             requests, faults injected, cancelled requests, connections
          GET /_emulator/history           the last 10000 requests in order of arrival: seq, at, elapsedMs,
                                           method, path, route, status, endedMs (?bodies=true: and each
                                           body as received, secrets and all)
        """;

    /// <summary>Reads the emulator's own options; returns the arguments meant for ASP.NET Core.</summary>
    public static EmulatorOptions Parse(IReadOnlyList<string> args, out string[] hostArgs)
    {
        var options = new EmulatorOptions();
        var faults = new FaultSettings();
        var rest = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count) throw new ArgumentException($"{arg} needs a value.");
                return args[++i];
            }
            switch (arg)
            {
                case "--api-key": options.ApiKeys.Add(Value()); break;
                case "--non-admin-key": options.NonAdminKeys.Add(Value()); break;
                case "--seed": options.SeedPath = Value(); break;
                case "--state-file": options.StateFile = Value(); break;
                case "--transition-delay-ms": options.TransitionDelay = TimeSpan.FromMilliseconds(WholeNumber(arg, Value())); break;
                case "--token-lifetime-sec": options.TokenLifetime = TimeSpan.FromSeconds(WholeNumber(arg, Value())); break;
                case "--script-dialect": options.ScriptDialect = ScriptDialects.Parse(arg, Value()); break;
                case "--script-prefix": options.ScriptPrefix = Value() is { Length: > 0 } sql ? sql : null; break;
                case "--script-prefix-kinds":
                    options.ScriptPrefixKinds.AddRange(ScriptKinds.Parse(arg, Value().Split(',')).Except(options.ScriptPrefixKinds).ToArray());
                    break;
                case "--script-content-type": options.ScriptContentType = SettingValues.OneOf(arg, Value(), ScriptContentTypes.All); break;
                case "--force-disable-status": options.ForceDisableStatus = SettingValues.OneOf(arg, Value(), ForceDisableStatuses.All); break;
                case "--quirks": options.Quirks.AddRange(QuirkNames.ParseList(Value()).Except(options.Quirks).ToArray()); break;
                case "--unavailable-rate": faults.UnavailableRate = Rate(arg, Value()); break;
                case "--throttle-rate": faults.ThrottleRate = Rate(arg, Value()); break;
                case "--retry-after-seconds": faults.RetryAfterSeconds = WholeNumber(arg, Value()); break;
                case "--drop-after-processing-rate": faults.DropAfterProcessingRate = Rate(arg, Value()); break;
                case "--latency-ms": faults.LatencyMs = WholeNumber(arg, Value()); break;
                case "--fault-seed": faults.Seed = WholeNumber(arg, Value()); break;
                case "--urls" or "--environment" or "--contentRoot":
                    rest.Add(arg);
                    rest.Add(Value());
                    break;
                default:
                    // ASP.NET Core settings in their own syntax (--Kestrel:Limits:... value, --key=value) pass through;
                    // anything else is a mistyped option, which must not start an emulator on some default port.
                    if (!arg.StartsWith("--", StringComparison.Ordinal) || (!arg.Contains(':') && !arg.Contains('=')))
                    {
                        throw new ArgumentException($"Unknown option '{arg}'.");
                    }
                    rest.Add(arg);
                    if (!arg.Contains('=') && i + 1 < args.Count) rest.Add(Value());
                    break;
            }
        }
        faults.Check();
        options.Faults = faults;
        if (options.ApiKeys.Count == 0) options.ApiKeys.Add(DefaultApiKey);
        hostArgs = rest.ToArray();
        return options;
    }

    private static int WholeNumber(string name, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            throw new ArgumentException($"{name} takes a whole number of zero or more, not '{text}'.");
        }
        return value;
    }

    private static double Rate(string name, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0 || value > 1)
        {
            throw new ArgumentException($"{name} takes a share between 0 and 1, not '{text}'.");
        }
        return value;
    }
}
