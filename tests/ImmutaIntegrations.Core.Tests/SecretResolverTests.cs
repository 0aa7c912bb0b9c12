using System.Text;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>SecretResolver: the values of references, from variables, files and a vault, and why one cannot be had.</summary>
public sealed class SecretResolverTests : IDisposable
{
    private const string Key = "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ-distinctive-line\\n-----END PRIVATE KEY-----\\n\"\n}";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SecretReference Reference(string text) => Assert.Single(SecretReferenceParser.Parse(text));

    private static ImmutaPayloadException Fails(SecretResolver resolver, string text, string? folder = null) =>
        Assert.Throws<ImmutaPayloadException>(() => resolver.Resolve(Reference(text), folder));

    [Fact]
    public void A_variable_gives_its_value_and_an_unset_or_empty_one_is_missing()
    {
        var resolver = new SecretResolver(name => name switch { "SET" => "s3cret", "EMPTY" => string.Empty, _ => null });

        Assert.Equal("s3cret", resolver.Resolve(Reference("${env:SET}"), null));
        var unset = Fails(resolver, "${env:UNSET}");
        var empty = Fails(resolver, "${env:EMPTY}");

        Assert.Equal(ImmutaErrorId.SecretReferenceMissing, unset.ErrorId);
        Assert.Contains("UNSET", unset.Message, StringComparison.Ordinal);
        Assert.Contains("not set", unset.Message, StringComparison.Ordinal);
        Assert.Equal(ImmutaErrorId.SecretReferenceMissing, empty.ErrorId);
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_gives_its_exact_text_but_for_one_trailing_line_break_and_a_byte_order_mark()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "keys"));
        _folder.File("keys/bq.json", Encoding.UTF8.GetBytes(Key + "\n"));
        _folder.File("crlf.txt", Encoding.UTF8.GetBytes("line one\r\nline two\r\n\r\n"));
        _folder.File("bom.txt", new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("tök€n")).ToArray());
        var resolver = new SecretResolver(_ => null);

        Assert.Equal(Key, resolver.Resolve(Reference("${file:keys/bq.json}"), _folder.Path));
        Assert.Equal("line one\r\nline two\r\n", resolver.Resolve(Reference("${file:crlf.txt}"), _folder.Path));
        Assert.Equal("tök€n", resolver.Resolve(Reference("${file:bom.txt}"), _folder.Path));
    }

    [Fact]
    public void A_file_path_from_a_variable_is_used_as_it_is_and_a_relative_one_starts_from_the_folder()
    {
        string key = _folder.File("secure.json", Encoding.UTF8.GetBytes(Key));
        var resolver = new SecretResolver(name => name == "BQ_KEY_PATH" ? key : name == "NAME" ? "secure" : null, folder: _folder.Path);

        Assert.Equal(Key, resolver.Resolve(Reference("${file:${env:BQ_KEY_PATH}}"), "/elsewhere"));
        Assert.Equal(Key, resolver.Resolve(Reference("${file:${env:NAME}.json}"), null));
        Assert.Equal(ImmutaErrorId.SecretReferenceMissing, Fails(resolver, "${file:${env:UNSET_PATH}}").ErrorId);
    }

    [Fact]
    public void A_file_that_cannot_be_a_secret_is_an_error_naming_its_path_and_never_its_content()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "folder"));
        _folder.File("empty.txt", Array.Empty<byte>());
        _folder.File("newline.txt", Encoding.UTF8.GetBytes("\n"));
        _folder.File("latin1.txt", new byte[] { 0x70, 0xE4, 0x73, 0x73 });
        string big = Path.Combine(_folder.Path, "big.bin");
        using (var stream = File.Create(big)) stream.SetLength(100L * 1024 * 1024);
        _folder.File("just-over.txt", Encoding.UTF8.GetBytes(new string('k', SecretFiles.MaxBytes + 1)));
        var resolver = new SecretResolver(_ => null);

        var cases = new (string Text, string Says)[]
        {
            ("${file:missing.json}", "does not exist"),
            ("${file:folder}", "is a folder"),
            ("${file:empty.txt}", "is empty"),
            ("${file:newline.txt}", "is empty"),
            ("${file:latin1.txt}", "is not UTF-8"),
            ("${file:big.bin}", "larger than 1 MiB"),
            ("${file:just-over.txt}", "larger than 1 MiB"),
        };
        foreach (var (text, says) in cases)
        {
            var error = Fails(resolver, text, _folder.Path);
            Assert.Equal(ImmutaErrorId.SecretFileUnreadable, error.ErrorId);
            Assert.Contains(says, error.Message, StringComparison.Ordinal);
            Assert.Contains(_folder.Path, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("kkkk", error.Message, StringComparison.Ordinal);
        }
        _folder.File("max.txt", Encoding.UTF8.GetBytes(new string('k', SecretFiles.MaxBytes)));
        Assert.Equal(SecretFiles.MaxBytes, resolver.Resolve(Reference("${file:max.txt}"), _folder.Path).Length);
    }

    [Fact]
    public void Resolved_once_each_reference_is_looked_up_once_and_its_failure_too()
    {
        int variable = 0, missing = 0;
        var vault = new FakeVault(("dbx", VaultSecret.FromText("dapi-1")));
        var resolver = new SecretResolver(name => name == "V" ? (++variable).ToString() : name == "M" ? Interlocked(ref missing) : null, vault).Once();

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("1", resolver.Resolve(Reference("${env:V}"), null));
            Assert.Equal("dapi-1", resolver.Resolve(Reference("${secret:dbx}"), null));
            Assert.Throws<ImmutaPayloadException>(() => resolver.Resolve(Reference("${env:M}"), null));
        }

        Assert.Equal(1, variable);
        Assert.Equal(1, missing);
        Assert.Equal(1, vault.Fetches["/dbx"]);
        Assert.Same(resolver, resolver.Once());
        Assert.Equal("2", new SecretResolver(name => name == "V" ? (++variable).ToString() : null).Resolve(Reference("${env:V}"), null));

        static string? Interlocked(ref int count)
        {
            count++;
            return null;
        }
    }

    [Fact]
    public void A_vault_secret_gives_text_a_password_or_a_named_entry()
    {
        var vault = new FakeVault(
            ("plain", VaultSecret.FromText("p1")),
            ("login", VaultSecret.FromCredential("svc_immuta", "pw-2")),
            ("table", VaultSecret.FromEntries(new Dictionary<string, VaultSecret> { ["token"] = VaultSecret.FromText("t-3"), ["user"] = VaultSecret.FromText("u") })),
            ("odd", VaultSecret.FromUnsupported("System.DateTime")));
        var resolver = new SecretResolver(_ => null, vault);

        Assert.Equal("p1", resolver.Resolve(Reference("${secret:plain}"), null));
        Assert.Equal("pw-2", resolver.Resolve(Reference("${secret:login}"), null));
        Assert.Equal("svc_immuta", resolver.Resolve(Reference("${secret:login#UserName}"), null));
        Assert.Equal("t-3", resolver.Resolve(Reference("${secret:Prod/table#TOKEN}"), null));

        var table = Fails(resolver, "${secret:table}");
        Assert.Equal(ImmutaErrorId.SecretValueUnsupported, table.ErrorId);
        Assert.Contains("token, user", table.Message, StringComparison.Ordinal);
        Assert.Contains("${secret:table#token}", table.Message, StringComparison.Ordinal);
        Assert.Equal(ImmutaErrorId.SecretNotFound, Fails(resolver, "${secret:table#nope}").ErrorId);
        Assert.Equal(ImmutaErrorId.SecretValueUnsupported, Fails(resolver, "${secret:plain#token}").ErrorId);
        Assert.Equal(ImmutaErrorId.SecretValueUnsupported, Fails(resolver, "${secret:odd}").ErrorId);
        Assert.Equal("Prod", vault.Vaults.Single(v => v != null));
    }

    [Fact]
    public void Without_a_vault_a_secret_reference_says_SecretManagement_is_not_there()
    {
        var error = Fails(SecretResolver.Process, "${secret:dbx}");

        Assert.Equal(ImmutaErrorId.SecretManagementMissing, error.ErrorId);
        Assert.Contains("${secret:dbx}", error.Message, StringComparison.Ordinal);
    }

    private sealed class FakeVault : ISecretVault
    {
        private readonly Dictionary<string, VaultSecret> _secrets;

        public FakeVault(params (string Name, VaultSecret Secret)[] secrets) => _secrets = secrets.ToDictionary(s => s.Name, s => s.Secret);

        public Dictionary<string, int> Fetches { get; } = new();

        public List<string?> Vaults { get; } = new();

        public bool NeedsCallingThread => false;

        public VaultSecret Fetch(string? vault, string name)
        {
            Vaults.Add(vault);
            string key = vault + "/" + name;
            Fetches[key] = Fetches.GetValueOrDefault(key) + 1;
            return _secrets.TryGetValue(name, out VaultSecret? secret) ? secret
                : throw new ImmutaPayloadException($"the secret {name} was not found", ImmutaErrorId.SecretNotFound);
        }
    }
}
