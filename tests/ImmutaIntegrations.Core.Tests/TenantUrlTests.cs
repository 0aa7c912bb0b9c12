using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Http;

namespace ImmutaIntegrations.Core.Tests;

public sealed class TenantUrlTests
{
    [Theory]
    [InlineData("https://acme.immuta.com", "https://acme.immuta.com/")]
    [InlineData("https://acme.immuta.com/tenant?x=1#y", "https://acme.immuta.com/tenant/")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:8080/", "http://localhost:8080/")]
    [InlineData("http://[::1]:9000", "http://[::1]:9000/")]
    [InlineData("http://127.10.0.3/", "http://127.10.0.3/")]
    public void Accepts_https_and_loopback_http_as_a_root_ending_in_a_slash(string url, string expected)
    {
        Assert.Equal(expected, TenantUrl.Normalize(new Uri(url)).ToString());
    }

    [Theory]
    [InlineData("http://acme.immuta.com")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("http://localhost.acme.com")]
    public void Refuses_http_to_anything_but_loopback(string url)
    {
        var error = Assert.Throws<ImmutaRefusedException>(() => TenantUrl.Normalize(new Uri(url)));

        Assert.Equal(ImmutaErrorId.InsecureUrl, error.ErrorId);
        Assert.True(error.ConcernsConnection);
    }

    [Theory]
    [InlineData("ftp://acme.immuta.com")]
    [InlineData("file:///etc/passwd")]
    public void Refuses_other_schemes(string url)
    {
        Assert.Equal(ImmutaErrorId.InvalidUrl, Assert.Throws<ImmutaRefusedException>(() => TenantUrl.Normalize(new Uri(url))).ErrorId);
    }
}
