using System.Text;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;

namespace ImmutaIntegrations.Core.Tests;

public sealed class PreparedFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Files_come_back_in_the_order_given_each_payload_prepared_or_told_why_not()
    {
        string list = PayloadCorpus.Good("list-with-problems.yaml");
        string broken = _folder.File("broken.yaml", Encoding.UTF8.GetBytes("type: Snowflake\n  config: [\n"));
        string missing = Path.Combine(_folder.Path, "missing.yaml");
        IReadOnlyList<PayloadDocument> expected = PayloadFiles.Read(list);

        IReadOnlyList<PreparedFile> files = PreparedFile.ReadAll(new[] { broken, list, missing }, Plain.NoEnvironment.WithoutSecretReferenceCheck());

        Assert.Equal(new[] { broken, list, missing }, files.Select(f => f.Path));
        Assert.Contains("not valid YAML", files[0].Unreadable!.Message);
        Assert.Empty(files[0].Documents);
        Assert.Equal(ImmutaErrorId.PayloadFileNotFound, files[2].Unreadable!.ErrorId);
        Assert.Null(files[1].Unreadable);
        Assert.Equal(expected.Select(d => d.Origin), files[1].Documents.Select(d => d.Document.Origin));
        // Every payload is either prepared or has why not, never both; the list holds some of each.
        Assert.All(files[1].Documents, d => Assert.True(d.Payload is null != d.Invalid is null));
        Assert.Contains(files[1].Documents, d => d.Payload != null);
        Assert.Contains(files[1].Documents, d => d.Invalid != null && d.Invalid.Message.Contains(d.Document.Origin));
    }
}
