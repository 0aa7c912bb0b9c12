using System.Globalization;

namespace ImmutaIntegrations.Emulator;

/// <summary>The emulator's command line. Options it does not know (such as --urls) go to ASP.NET Core.</summary>
public sealed class EmulatorOptions
{
    public const string DefaultApiKey = "emulator-api-key";

    /// <summary>Keys with APPLICATION_ADMIN: accepted raw in Authorization or exchanged for a token.</summary>
    public List<string> ApiKeys { get; } = new();

    /// <summary>Valid keys that lack APPLICATION_ADMIN: they authenticate, and the Integrations API answers 403.</summary>
    public List<string> NonAdminKeys { get; } = new();

    /// <summary>A JSON or YAML file of integrations to start with.</summary>
    public string? SeedPath { get; set; }

    /// <summary>How long creating, editing and deleting take to reach their end state.</summary>
    public TimeSpan TransitionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a bearer token from /bim/apikey/authenticate stays valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public const string Usage = """
        Usage: ImmutaEmulator [--urls http://127.0.0.1:0] [options]

          --api-key <key>             an accepted API key (repeatable; default "emulator-api-key")
          --non-admin-key <key>       a key that authenticates but lacks APPLICATION_ADMIN (403)
          --seed <file>               start with the integrations in this JSON or YAML file
          --transition-delay-ms <n>   time for creating/editing/deleting to settle (default 1000; 0 = at once)
          --token-lifetime-sec <n>    lifetime of bearer tokens (default 3600)
          --help                      show this text
        """;

    /// <summary>Reads the emulator's own options; returns the arguments meant for ASP.NET Core.</summary>
    public static EmulatorOptions Parse(IReadOnlyList<string> args, out string[] hostArgs)
    {
        var options = new EmulatorOptions();
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
                case "--transition-delay-ms": options.TransitionDelay = TimeSpan.FromMilliseconds(NonNegative(arg, Value())); break;
                case "--token-lifetime-sec": options.TokenLifetime = TimeSpan.FromSeconds(NonNegative(arg, Value())); break;
                default: rest.Add(arg); break;
            }
        }
        if (options.ApiKeys.Count == 0) options.ApiKeys.Add(DefaultApiKey);
        hostArgs = rest.ToArray();
        return options;
    }

    private static int NonNegative(string name, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            throw new ArgumentException($"{name} takes a whole number of zero or more, not '{text}'.");
        }
        return value;
    }
}
