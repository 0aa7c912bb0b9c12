using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>The forms of references (<c>${env:}</c>, <c>${file:}</c>, <c>${secret:}</c>) and what a malformed one says.</summary>
public sealed class SecretReferenceTests
{
    [Fact]
    public void Each_kind_is_read_with_its_parts()
    {
        SecretReference[] found = SecretReferenceParser.Parse("${env:A_1} and ${file:keys/bq.json} and ${secret:Prod/dbx-token#token} ${secret:plain}").ToArray();

        Assert.Equal(new[] { SecretReferenceKind.Environment, SecretReferenceKind.File, SecretReferenceKind.Vault, SecretReferenceKind.Vault }, found.Select(r => r.Kind));
        Assert.Equal("A_1", found[0].Name);
        Assert.Equal("keys/bq.json", found[1].Name);
        Assert.Equal(("Prod", "dbx-token", "token"), (found[2].Vault, found[2].Name, found[2].Entry));
        Assert.Equal(((string?)null, "plain", (string?)null), (found[3].Vault, found[3].Name, found[3].Entry));
        Assert.Equal("${secret:Prod/dbx-token#token}", found[2].Text);
    }

    [Fact]
    public void A_file_path_may_hold_environment_references_which_are_its_names_too()
    {
        SecretReference reference = Assert.Single(SecretReferenceParser.Parse("${file:${env:AGENT_TEMP}/${env:KEY_NAME}.json}"));

        Assert.Equal(SecretReferenceKind.File, reference.Kind);
        Assert.Equal("${env:AGENT_TEMP}/${env:KEY_NAME}.json", reference.Name);
        Assert.Equal(new[] { "AGENT_TEMP", "KEY_NAME" }, reference.Inner.Select(r => r.Name));
        Assert.Contains("KEY_NAME", reference.Names());
        Assert.Equal(new[] { "AGENT_TEMP", "KEY_NAME" }, SecretReferences.Variables("${file:${env:AGENT_TEMP}/${env:KEY_NAME}.json}"));
    }

    [Theory]
    [InlineData("${file:}", "names no file")]
    [InlineData("${file:   }", "names no file")]
    [InlineData("${env:}", "names no environment variable")]
    [InlineData("${env:1ABC}", "is not an environment variable's name")]
    [InlineData("${env:A-B}", "is not an environment variable's name")]
    [InlineData("${secret:}", "names no secret")]
    [InlineData("${secret:vault/}", "names no secret")]
    [InlineData("${secret:/name}", "names no vault")]
    [InlineData("${secret:a/b/c}", "a vault's name cannot hold a slash")]
    [InlineData("${secret:name#}", "names no entry")]
    [InlineData("${file:${env:KEY_PATH}", "does not close")]
    [InlineData("${env:PASSWORD", "does not close")]
    [InlineData("x ${secret:token", "does not close")]
    [InlineData("${file:${secret:path}}", "no ${secret:...} reference")]
    [InlineData("${file:${file:a}}", "no ${file:...} reference")]
    [InlineData("${secret:${env:NAME}}", "holds another reference")]
    public void A_malformed_reference_is_an_error_saying_what_is_wrong(string text, string says)
    {
        var error = Assert.Throws<ImmutaPayloadException>(() => SecretReferenceParser.Parse(text));

        Assert.Equal(ImmutaErrorId.SecretReferenceInvalid, error.ErrorId);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.True(SecretReferences.Contains(text));
        Assert.False(SecretReferences.IsWholeReference(text));
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("${HOME}")]
    [InlineData("costs $5 {approx}")]
    [InlineData("${vault:x}")]
    public void Text_that_begins_no_known_reference_is_the_value_itself(string text)
    {
        Assert.False(SecretReferenceParser.MayContain(text));
        Assert.Empty(SecretReferenceParser.Parse(text));
        Assert.Equal(text, SecretReferenceParser.Replace(text, _ => "x"));
    }

    [Theory]
    [InlineData("${env:TOKEN}", true)]
    [InlineData("  ${file:${env:P}}  ", true)]
    [InlineData("${secret:Vault/token#entry}", true)]
    [InlineData("Bearer ${env:TOKEN}", false)]
    [InlineData("${env:A}${env:B}", false)]
    public void A_whole_reference_names_a_secret_without_holding_one(string text, bool whole) =>
        Assert.Equal(whole, SecretReferenceParser.IsWhole(text));

    [Fact]
    public void Replacing_keeps_the_text_around_each_reference()
    {
        string replaced = SecretReferenceParser.Replace("Bearer ${env:T} for ${secret:S} ${file:${env:P}}!", r => "<" + r.Kind + ">");

        Assert.Equal("Bearer <Environment> for <Vault> <File>!", replaced);
    }

    [Fact]
    public void The_references_of_a_text_can_be_written_for_each_kind()
    {
        Assert.Equal("${env:DBX_TOKEN}", SecretReference.ForVariable("DBX_TOKEN"));
        Assert.Equal("${file:secrets/dbx.txt}", SecretReference.ForFile("secrets/dbx.txt"));
        Assert.Equal("${secret:dbx}", SecretReference.ForSecret("dbx"));
        Assert.Equal("${secret:Prod/dbx}", SecretReference.ForSecret("dbx", "Prod"));
        foreach (string text in new[] { SecretReference.ForFile("a b/c.txt"), SecretReference.ForSecret("dbx", "Prod") })
        {
            Assert.True(SecretReferenceParser.IsWhole(text));
        }
    }
}
