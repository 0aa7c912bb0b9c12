using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>
/// The bad-input corpus, through the cmdlets as a user meets them: hostile integration ids given to every
/// command that takes one, and broken or hostile payload files and parameters given to the command that would
/// send them. Each gives an error with a specific id (never UnexpectedError, never a raw .NET exception), the
/// pipeline goes on to the next item, and nothing is sent: the emulator counts no request.
/// </summary>
public sealed class InputCorpusTests : IClassFixture<InputCorpusTests.Server>, IDisposable
{
    private const string S3 = """{"type": "Native S3", "autoBootstrap": false, "config": {"name": "corpus", "awsAccountId": "1", "awsRegion": "us-east-1", "awsLocationRole": "arn:aws:iam::1:role/r", "awsLocationPath": "s3://corpus", "authenticationType": "auto", "awsRoleToAssume": "arn:aws:iam::1:role/x"}}""";

    private readonly Server _server;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "immuta-corpus-" + Guid.NewGuid().ToString("N"));

    public InputCorpusTests(Server server)
    {
        _server = server;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Ids no integration has: paths, encodings, numbers of other forms, binary and over-long text.</summary>
    public static readonly string[] HostileIds =
    [
        "../1", "..%2F1", "%2F", "1/../2", "1/status", "?id=1", "#1", "1%00", "1\0", " ", "\t", "1 2", "-1", "+1", "1.5", "0x1", "1e3",
        "٣", "１", "\u202e1", "99999999999999999999", new string('9', 10_000), "1;DROP TABLE integrations", "<script>1</script>",
    ];

    /// <summary>Every command that takes an integration id, with the rest of what it needs.</summary>
    private static readonly Dictionary<string, string> IdCommands = new()
    {
        ["Get-ImmutaIntegration"] = "Get-ImmutaIntegration -Id $id",
        ["Get-ImmutaIntegrationStatus"] = "Get-ImmutaIntegrationStatus -Id $id",
        ["Wait-ImmutaIntegration"] = "Wait-ImmutaIntegration -Id $id -Timeout 00:00:05",
        ["Set-ImmutaIntegration"] = "Set-ImmutaIntegration -Id $id -InputObject $payload -Force",
        ["Remove-ImmutaIntegration"] = "Remove-ImmutaIntegration -Id $id -Force",
        ["Reset-ImmutaIntegrationApiKey"] = "Reset-ImmutaIntegrationApiKey -Id $id -Force",
        ["Get-ImmutaIntegrationScript"] = "Get-ImmutaIntegrationScript -Kind Delete -Id $id",
        ["Test-ImmutaIntegration"] = "Test-ImmutaIntegration -Id $id -Payload $payload",
    };

    public static TheoryData<int, string> IdCases()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < HostileIds.Length; i++)
        {
            foreach (string command in IdCommands.Keys) data.Add(i, command);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(IdCases))]
    public async Task A_hostile_id_is_InvalidId_and_nothing_is_sent(int index, string command)
    {
        string id = HostileIds[index];
        int before = await _server.Requests();

        var result = _server.Session.Run($"$payload = $payloadJson | ConvertFrom-Json; foreach ($id in $ids) {{ {IdCommands[command]} }}",
            new Dictionary<string, object?> { ["ids"] = new[] { id }, ["payloadJson"] = S3 });

        Assert.Null(result.Terminating);
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidId,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("is not an integration id", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", error.Exception.Message, StringComparison.Ordinal);
        Assert.True(error.Exception.Message.Length < 200, "the message repeats a long id whole");
        Assert.Equal(before, await _server.Requests());
    }

    [Fact]
    public async Task After_a_hostile_id_the_next_item_of_the_pipeline_still_runs()
    {
        var result = _server.Session.Run("'../1', '1', '%2F' | ForEach-Object { [pscustomobject]@{ Id = $_ } } | Get-ImmutaIntegrationStatus");

        Assert.Equal(2, result.Errors.Length);
        Assert.All(result.Errors, e => Assert.StartsWith("InvalidId,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        Assert.Single(result.Output);
        Assert.True(await _server.Requests() > 0);
    }

    /// <summary>Payload files a user might hand over by mistake, or an attacker on purpose, and the id each must give.</summary>
    public static TheoryData<string, string> FileCases() => new()
    {
        { "missing", "PayloadFileNotFound" },
        { "traversal to nowhere", "PayloadFileNotFound" },
        { "empty", "PayloadFileInvalid" },
        { "only whitespace", "PayloadFileInvalid" },
        { "truncated JSON", "PayloadFileInvalid" },
        { "JSON with a duplicate key", "PayloadFileInvalid" },
        { "JSON nested too deep", "PayloadFileInvalid" },
        { "YAML nested too deep", "PayloadFileInvalid" },
        { "YAML alias bomb", "PayloadFileInvalid" },
        { "YAML with a tab indent", "PayloadFileInvalid" },
        { "binary bytes", "PayloadFileInvalid" },
        { "NUL escaped in a JSON value", "PayloadInvalid" },
        { "NUL escaped in a YAML value", "PayloadInvalid" },
        { "escape sequence in a YAML secret", "PayloadInvalid" },
        { "100 000 character host", "PayloadInvalid" },
        { "a list of numbers", "PayloadInvalid" },
        { "port as text", "PayloadInvalid" },
        { "reference to an unset variable", "SecretReferenceMissing" },
        { "redacted placeholder as the secret", "PayloadInvalid" },
    };

    [Theory]
    [MemberData(nameof(FileCases))]
    public async Task A_bad_payload_file_gives_its_error_and_nothing_is_sent(string name, string errorId)
    {
        string path = WriteCase(name);
        int before = await _server.Requests();

        var result = _server.Session.Run("New-ImmutaIntegration -Path $path -Force", new Dictionary<string, object?> { ["path"] = path });

        // One error (a list of payloads gives one per item), naming the file; the secret is never repeated.
        ErrorRecord[] errors = [.. result.Errors, .. result.Terminating is null ? Array.Empty<ErrorRecord>() : [result.Terminating]];
        Assert.NotEmpty(errors);
        Assert.All(errors, error =>
        {
            Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains(Path.GetFileName(path), error.Exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("corpus-secret", error.ToString(), StringComparison.Ordinal);
        });
        Assert.Empty(result.Output);
        Assert.Equal(before, await _server.Requests());
    }

    [Theory]
    [InlineData("unknown type")]
    [InlineData("unicode type name")]
    public async Task A_payload_of_a_type_the_module_does_not_know_is_sent_after_a_warning_and_Immutas_answer_comes_back(string name)
    {
        string path = WriteCase(name);
        int before = await _server.Requests();

        var result = _server.Session.Run("New-ImmutaIntegration -Path $path -Force", new Dictionary<string, object?> { ["path"] = path });

        // Never refused for its type alone: the module says it could not check it, and Immuta (here the emulator) decides.
        Assert.Contains(result.Warnings, w => w.Contains("is not an integration type this module knows", StringComparison.Ordinal));
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("PayloadRejected,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.DoesNotContain("corpus-secret", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before + 1, await _server.Requests());
    }

    /// <summary>The same mistakes made with parameters: hashtables, PSCustomObjects, the type's own parameters.</summary>
    public static TheoryData<string, string, string> ParameterCases() => new()
    {
        { "NUL in a hashtable value", "$c = $s3.Clone(); $c.name = \"a`0b\"; New-ImmutaIntegration -Payload @{ type = 'Native S3'; autoBootstrap = $false; config = $c } -Force", "PayloadInvalid" },
        { "escape in a type parameter", "New-ImmutaIntegrationPayload -Type Databricks -Config @{ workspaceUrl = \"`e[31mw\"; httpPath = 'h'; catalog = 'c'; authenticationType = 'token'; token = 't' } | New-ImmutaIntegration -Force", "PayloadInvalid" },
        { "over-long string", "$c = $s3.Clone(); $c.name = 'x' * 40000; New-ImmutaIntegration -Payload @{ type = 'Native S3'; autoBootstrap = $false; config = $c } -Force", "PayloadInvalid" },
        { "hashtable that holds itself", "$h = @{ type = 'Native S3'; autoBootstrap = $false }; $h.config = $h; New-ImmutaIntegration -Payload $h -Force", "InvalidArgument" },
        { "a process as a value", "$c = $s3.Clone(); $c.extra = Get-Process -Id $PID; New-ImmutaIntegration -Payload @{ type = 'Native S3'; autoBootstrap = $false; config = $c } -Force", "InvalidArgument" },
        { "a script block as a value", "$c = $s3.Clone(); $c.name = { 'n' }; New-ImmutaIntegration -Payload @{ type = 'Native S3'; autoBootstrap = $false; config = $c } -Force", "InvalidArgument" },
        { "type that is a number", "New-ImmutaIntegration -Payload @{ type = 7; autoBootstrap = $false } -Force", "PayloadInvalid" },
        { "object that is not a payload", "New-ImmutaIntegration -Payload ([pscustomobject]@{ type = 'Native S3'; autoBootstrap = 'yes'; config = 'none' }) -Force", "PayloadInvalid" },
        { "secure string with a NUL", "New-ImmutaIntegrationPayload -Type Databricks -Config @{ workspaceUrl = 'w'; httpPath = 'h'; catalog = 'c'; authenticationType = 'token'; token = (ConvertTo-SecureString \"t`0k\" -AsPlainText -Force) } | New-ImmutaIntegration -Force", "PayloadInvalid" },
        { "null payload", "New-ImmutaIntegration -Payload $null -Force", "ParameterArgumentValidationError" },
    };

    [Theory]
    [MemberData(nameof(ParameterCases))]
    public async Task A_bad_parameter_gives_its_error_and_nothing_is_sent(string name, string script, string errorId)
    {
        int before = await _server.Requests();

        var result = _server.Session.Run(script, new Dictionary<string, object?> { ["s3"] = S3Config() });

        ErrorRecord error = Assert.Single(result.Errors.Concat(result.Terminating is null ? [] : [result.Terminating]));
        Assert.True(error.FullyQualifiedErrorId.StartsWith(errorId + ",", StringComparison.Ordinal), $"{name}: {error.FullyQualifiedErrorId}: {error.Exception.Message}");
        Assert.Equal(before, await _server.Requests());
    }

    [Fact]
    public void The_corpus_has_well_over_sixty_cases() =>
        Assert.True(IdCases().Count() + FileCases().Count() + ParameterCases().Count() >= 200, "the corpus shrank");

    private static System.Collections.Hashtable S3Config()
    {
        var config = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in JsonNode.Parse(S3)!["config"]!.AsObject()) config[key] = value!.GetValue<string>();
        return config;
    }

    private string WriteCase(string name)
    {
        string file(string extension) => Path.Combine(_folder, name.Replace(' ', '-') + extension);
        (string Path, object Content) written = name switch
        {
            "missing" => (file(".json"), ""),
            "traversal to nowhere" => (Path.Combine(_folder, "..", "..", "..", "no-such-folder", "..", "payload.json"), ""),
            "empty" => (file(".json"), ""),
            "only whitespace" => (file(".yaml"), "  \n\n   \n"),
            "truncated JSON" => (file(".json"), S3.Substring(0, S3.Length / 2)),
            "JSON with a duplicate key" => (file(".json"), S3.Replace("\"autoBootstrap\": false", "\"autoBootstrap\": false, \"autoBootstrap\": true", StringComparison.Ordinal)),
            "JSON nested too deep" => (file(".json"), S3.Replace("\"awsRegion\": \"us-east-1\"", "\"awsRegion\": " + new string('[', 5000) + new string(']', 5000), StringComparison.Ordinal)),
            "YAML nested too deep" => (file(".yaml"), "type: Native S3\nautoBootstrap: false\nconfig:\n  deep: " + new string('[', 5000) + new string(']', 5000) + "\n"),
            "YAML alias bomb" => (file(".yaml"), AliasBomb()),
            "YAML with a tab indent" => (file(".yaml"), "type: Native S3\nautoBootstrap: false\nconfig:\n\tname: corpus\n"),
            "binary bytes" => (file(".json"), new byte[] { 0x7B, 0x00, 0xFF, 0xFE, 0x01, 0x22, 0x7D }),
            "NUL escaped in a JSON value" => (file(".json"), S3.Replace("\"name\": \"corpus\"", "\"name\": \"cor\\u0000pus\"", StringComparison.Ordinal)),
            "NUL escaped in a YAML value" => (file(".yaml"), "type: Native S3\nautoBootstrap: false\nconfig:\n  name: \"cor\\0pus\"\n  awsAccountId: '1'\n"),
            "escape sequence in a YAML secret" => (file(".yaml"), "type: Databricks\nautoBootstrap: false\nconfig:\n  workspaceUrl: w\n  httpPath: h\n  catalog: c\n  authenticationType: token\n  token: \"corpus-secret\\e[2J\"\n"),
            "100 000 character host" => (file(".json"), S3.Replace("\"name\": \"corpus\"", $"\"name\": \"{new string('h', 100_000)}\"", StringComparison.Ordinal)),
            "unknown type" => (file(".json"), S3.Replace("Native S3", "Oracle", StringComparison.Ordinal)),
            "unicode type name" => (file(".json"), S3.Replace("Native S3", "Nativе S3", StringComparison.Ordinal)), // a Cyrillic 'е'
            "a list of numbers" => (file(".json"), "[1, 2, 3]"),
            "port as text" => (file(".yaml"), "type: Redshift\nautoBootstrap: false\nconfig:\n  host: h\n  port: '5439; DROP'\n  database: d\n  authenticationType: userPassword\n  username: u\n  password: corpus-secret\n"),
            "reference to an unset variable" => (file(".json"), S3.Replace("\"awsRoleToAssume\": \"arn:aws:iam::1:role/x\"", "\"awsRoleToAssume\": \"${env:IMMUTA_CORPUS_UNSET_" + Guid.NewGuid().ToString("N") + "}\"", StringComparison.Ordinal)),
            "redacted placeholder as the secret" => (file(".yaml"), "type: Databricks\nautoBootstrap: false\nconfig:\n  workspaceUrl: w\n  httpPath: h\n  catalog: c\n  authenticationType: token\n  token: <REDACTED>\n"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
        };
        if (name != "missing" && name != "traversal to nowhere")
        {
            if (written.Content is byte[] bytes) File.WriteAllBytes(written.Path, bytes);
            else File.WriteAllText(written.Path, (string)written.Content, new UTF8Encoding(false));
        }
        return written.Path;
    }

    // Nine levels of nine aliases each: 387 million values if expanded.
    private static string AliasBomb()
    {
        var text = new StringBuilder("type: Native S3\nautoBootstrap: false\nconfig:\n  l0: &l0 [x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level <= 9; level++)
        {
            text.Append($"  l{level}: &l{level} [");
            text.Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 9)));
            text.Append("]\n");
        }
        return text.ToString();
    }

    /// <summary>The emulator on loopback and a session connected to it, shared by the corpus.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private TestEmulator _emulator = null!;
        private HttpClient _admin = null!;

        internal PowerShellSession Session { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _emulator = await TestEmulator.StartAsync(SampleData.Seed, loopback: true);
            _admin = _emulator.CreateAuthorizedClient();
            Session = PowerShellSession.ConnectedTo(_emulator);
        }

        internal async Task<int> Requests() => (int)JsonNode.Parse(await _admin.GetStringAsync("_emulator/stats"))!["requests"]!;

        public async Task DisposeAsync()
        {
            Session.Dispose();
            _admin.Dispose();
            await _emulator.DisposeAsync();
        }
    }
}
