using System.Management.Automation;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Secrets;
using ImmutaIntegrations.Input;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>-RotateSecret's values: references as written, or names with PowerShell's wildcards, ignoring case.</summary>
public sealed class SecretRotationFilterTests
{
    private static readonly string[] References =
    [
        "${env:DBX_TOKEN}", "${file:keys/dbx.txt}", "${secret:dbx-token}", "${secret:Vault/dbx-other}", "${file:${env:KEY_DIR}/bq.json}", "${secret:sf#Password}",
    ];

    private static string[] Picked(params string[] values)
    {
        SecretRotationFilter filter = Assert.IsType<SecretRotationFilter>(SecretRotationFilter.From(values));
        return [.. References.Where(text => filter.Picks(Assert.Single(SecretReferenceParser.Parse(text))))];
    }

    [Theory]
    [InlineData("*", "${env:DBX_TOKEN}|${file:keys/dbx.txt}|${secret:dbx-token}|${secret:Vault/dbx-other}|${file:${env:KEY_DIR}/bq.json}|${secret:sf#Password}")]
    [InlineData("dbx_token", "${env:DBX_TOKEN}")]
    [InlineData("${ENV:DBX_TOKEN}", "${env:DBX_TOKEN}")]
    [InlineData("${file:keys/dbx.txt}", "${file:keys/dbx.txt}")]
    [InlineData("keys/*", "${file:keys/dbx.txt}")]
    [InlineData("dbx-*", "${secret:dbx-token}|${secret:Vault/dbx-other}")]
    [InlineData("vault/dbx-*", "${secret:Vault/dbx-other}")]
    [InlineData("KEY_DIR", "${file:${env:KEY_DIR}/bq.json}")]
    [InlineData("sf", "${secret:sf#Password}")]
    [InlineData("dbx", "")]
    public void A_value_picks_the_references_it_names(string value, string picked)
    {
        Assert.Equal(picked.Split('|', StringSplitOptions.RemoveEmptyEntries), Picked(value));
    }

    [Fact]
    public void No_value_is_no_rotation_and_a_value_that_is_no_pattern_is_matched_as_written()
    {
        Assert.Null(SecretRotationFilter.From(null));
        Assert.Null(SecretRotationFilter.From(["", " "]));
        SecretRotationFilter filter = SecretRotationFilter.From(["keys/[dbx.txt"])!;
        Assert.True(filter.Picks(Assert.Single(SecretReferenceParser.Parse("${file:keys/[dbx.txt}"))));
        Assert.False(filter.Picks(Assert.Single(SecretReferenceParser.Parse("${file:keys/dbx.txt}"))));
    }
}
