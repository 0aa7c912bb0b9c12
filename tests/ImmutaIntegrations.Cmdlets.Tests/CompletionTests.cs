using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Completion;
using ImmutaIntegrations.Session;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Tab completion of -Id, -Kind and -Type, as TabExpansion2 asks for it.</summary>
public sealed class CompletionTests : SeededSessionTests
{
    private readonly (TimeSpan RequestBound, TimeSpan Lifetime, TimeSpan FailureLifetime) _saved =
        (IntegrationListCache.RequestBound, IntegrationListCache.Lifetime, IntegrationListCache.FailureLifetime);

    private protected override Task InitializeMoreAsync()
    {
        // The cache's timings are not what these tests are about (but for the one that sets its own): a read may take
        // as long as a busy machine needs, and a listing stays fresh for the whole test.
        IntegrationListCache.RequestBound = TimeSpan.FromMinutes(1);
        IntegrationListCache.Lifetime = TimeSpan.FromHours(1);
        IntegrationListCache.Invalidate();
        return Task.CompletedTask;
    }

    private protected override void DisposeMore()
    {
        (IntegrationListCache.RequestBound, IntegrationListCache.Lifetime, IntegrationListCache.FailureLifetime) = _saved;
        IntegrationListCache.Invalidate();
    }


    private CompletionResult[] Complete(string line)
    {
        var result = Session.Run("TabExpansion2 -inputScript $line -cursorColumn $line.Length", new Dictionary<string, object?> { ["line"] = line });
        Assert.Null(result.Terminating);
        return [.. Assert.Single(result.Of<CommandCompletion>()).CompletionMatches];
    }

    private void Reconnect() =>
        Assert.Null(Session.Run("Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) | Out-Null",
            new Dictionary<string, object?> { ["url"] = Emulator.BaseUrl.ToString(), ["key"] = TestEmulator.ApiKey }).Terminating);

    private async Task<int> ListRequests() =>
        (int?)JsonNode.Parse(await Admin.GetStringAsync("_emulator/requests"))!["GET /integrations"] ?? 0;

    [Fact]
    public void Ids_come_from_the_tenant_in_order_with_type_target_and_status_as_tooltip()
    {
        CompletionResult[] ids = Complete("Get-ImmutaIntegration -Id ");

        Assert.Equal(["1", "2", "3", "4"], ids.Select(c => c.CompletionText));
        Assert.All(ids, c => Assert.Equal(CompletionResultType.ParameterValue, c.ResultType));
        Assert.Equal(
            [
                "Snowflake on acme.us-east-1.snowflakecomputing.com, enabled",
                "Databricks on acme.cloud.databricks.com, enabled",
                "Redshift on acme.redshift.amazonaws.com, createError",
                "Trino, enabled",
            ],
            ids.Select(c => c.ToolTip));
        Assert.All(ids.Select(c => c.ToolTip), tip => Assert.DoesNotContain("secret", tip, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Get-ImmutaIntegration -Id 3")]
    [InlineData("Get-ImmutaIntegration 3")]
    [InlineData("Set-ImmutaIntegration -Id 3")]
    [InlineData("Remove-ImmutaIntegration 3")]
    [InlineData("Wait-ImmutaIntegration -Id 3")]
    [InlineData("Test-ImmutaIntegration -Id 3")]
    [InlineData("Reset-ImmutaIntegrationApiKey -Id 3")]
    [InlineData("Get-ImmutaIntegrationStatus 3")]
    [InlineData("Get-ImmutaIntegrationScript -Kind Delete -Id 3")]
    [InlineData("Export-ImmutaIntegration -Path out -Id 3")]
    public void Every_Id_parameter_completes_ids(string line)
    {
        CompletionResult result = Assert.Single(Complete(line));

        Assert.Equal("3", result.CompletionText);
        Assert.Equal("Redshift on acme.redshift.amazonaws.com, createError", result.ToolTip);
    }

    [Fact]
    public void What_was_typed_matches_as_a_prefix_with_wildcards_and_quotes_are_kept()
    {
        Assert.Equal(["2", "3"], Complete("Get-ImmutaIntegration -Id [23]").Select(c => c.CompletionText));
        Assert.Equal(["1", "2", "3", "4"], Complete("Get-ImmutaIntegration -Id *").Select(c => c.CompletionText));
        Assert.Empty(Complete("Get-ImmutaIntegration -Id 9"));
        Assert.Equal(["'4'"], Complete("Get-ImmutaIntegration -Id '4").Select(c => c.CompletionText));
    }

    [Fact]
    public async Task The_list_is_read_once_and_reused_within_the_cache_window()
    {
        IntegrationListCache.Invalidate();
        int before = await ListRequests();

        Assert.Equal(4, Complete("Get-ImmutaIntegration -Id ").Length);
        Assert.Equal(4, Complete("Remove-ImmutaIntegration -Id ").Length);
        Assert.Single(Complete("Get-ImmutaIntegrationScript -Id 2 -Kind Ed"));

        Assert.Equal(before + 1, await ListRequests());
    }

    [Fact]
    public async Task A_change_made_since_is_seen_at_the_next_Tab_not_after_the_cache_window()
    {
        Assert.Equal(4, Complete("Get-ImmutaIntegration -Id ").Length);

        var created = Session.Run("New-ImmutaIntegration -Payload @{ type = 'Native S3'; autoBootstrap = $false; config = @{ name = 'lake'; awsAccountId = '1'; awsRegion = 'r'; awsLocationRole = 'a'; awsLocationPath = 's3://lake/'; authenticationType = 'accessKey'; awsAccessKeyId = 'AKIA'; awsSecretAccessKey = 'completion-secret' } } -Force");
        Assert.Null(created.Terminating);
        int before = await ListRequests();

        CompletionResult[] ids = Complete("Wait-ImmutaIntegration -Id ");

        Assert.Equal(["1", "2", "3", "4", "5"], ids.Select(c => c.CompletionText));
        Assert.StartsWith("Native S3 on s3://lake/, ", ids[4].ToolTip, StringComparison.Ordinal);
        Assert.Equal(before + 1, await ListRequests());
    }

    [Fact]
    public async Task The_Connection_given_on_the_line_is_the_one_asked()
    {
        await using TestEmulator other = await TestEmulator.StartAsync("- type: Trino\n", loopback: true);
        var connect = Session.Run("""
            $global:other = Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)
            Connect-Immuta -Url $first -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) | Out-Null
            """,
            new Dictionary<string, object?> { ["url"] = other.BaseUrl.ToString(), ["first"] = Emulator.BaseUrl.ToString(), ["key"] = TestEmulator.ApiKey });
        Assert.Null(connect.Terminating);

        Assert.Equal(["1", "2", "3", "4"], Complete("Get-ImmutaIntegration -Id ").Select(c => c.CompletionText));
        CompletionResult trino = Assert.Single(Complete("Get-ImmutaIntegration -Connection $other -Id "));
        Assert.Equal(("1", "Trino, enabled"), (trino.CompletionText, trino.ToolTip));
    }

    [Fact]
    public void Without_a_connection_nothing_is_completed_at_once_and_without_error()
    {
        using var environment = new EnvironmentScope(("IMMUTA_URL", null), ("IMMUTA_API_KEY", null));
        Session.Run("Disconnect-Immuta");
        try
        {
            // TabExpansion2's own first-use cost is not the completer's: it is paid before the clock starts.
            Assert.NotEmpty(Complete("Get-ImmutaIntegration -Type "));
            var clock = Stopwatch.StartNew();
            var result = Session.Run("$Error.Clear(); TabExpansion2 -inputScript 'Get-ImmutaIntegration -Id ' -cursorColumn 26; $Error.Count");

            // Asking a tenant would cost the whole request bound (a minute here); answering without one takes
            // milliseconds, so this bound holds with a wide margin on a busy machine and still tells the two apart.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
            Assert.Null(result.Terminating);
            Assert.Empty(result.Errors);
            Assert.Empty(Assert.Single(result.Of<CommandCompletion>()).CompletionMatches);
            Assert.Equal(0, Assert.Single(result.Of<int>()));
        }
        finally
        {
            Reconnect();
        }
    }

    [Fact]
    public void A_tenant_that_does_not_answer_costs_one_bounded_wait_and_no_error()
    {
        // Accepts connections and never answers, as a tenant behind a dead proxy does.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        // A bound long enough to tell apart from a completion that asks nothing, and a failure remembered for longer
        // than any busy machine takes between two completions.
        IntegrationListCache.RequestBound = TimeSpan.FromSeconds(5);
        IntegrationListCache.FailureLifetime = TimeSpan.FromHours(1);
        ImmutaConnection silent = Connections.Create($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", "the test URL",
            Core.Secrets.SecretText.Protect("key"), ImmutaAuthMode.ApiKey, TimeSpan.FromSeconds(100), "test");
        try
        {
            var bound = new Hashtable { ["Connection"] = silent };
            var completer = new IntegrationIdCompleter();

            var clock = Stopwatch.StartNew();
            Assert.Empty(completer.CompleteArgument("Get-ImmutaIntegration", "Id", "", null!, bound));
            TimeSpan first = clock.Elapsed;
            clock.Restart();
            Assert.Empty(completer.CompleteArgument("Get-ImmutaIntegration", "Id", "", null!, bound));
            TimeSpan second = clock.Elapsed;

            // Bounded: the request itself would wait its 100-second timeout; the completion gives up after the bound
            // (the margin is for a busy machine, not part of the promise).
            Assert.True(first < IntegrationListCache.RequestBound + TimeSpan.FromSeconds(30), $"the first completion took {first}");
            // Remembered: asking the silent tenant again would take the whole bound; the remembered failure, moments.
            Assert.True(second < IntegrationListCache.RequestBound - TimeSpan.FromSeconds(1), $"the failure was not remembered: the second completion took {second}");
        }
        finally
        {
            silent.ReleaseClient();
            listener.Stop();
        }
    }

    [Theory]
    [InlineData("Get-ImmutaIntegrationScript -Id 1 -Kind ", "Create,Edit,Delete,Cleanup")]
    // Databricks has no delete script (docs/api-contract.md §2).
    [InlineData("Get-ImmutaIntegrationScript -Id 2 -Kind ", "Create,Edit")]
    [InlineData("Get-ImmutaIntegrationScript -Id 4 -Kind ", "")]
    [InlineData("Get-ImmutaIntegrationScript -Payload @{ type = 'Redshift' } -Kind ", "InitialCreate,Create,Edit,Delete,Cleanup")]
    [InlineData("Get-ImmutaIntegrationScript -Payload @{ type = 'synapse' } -Kind ", "InitialCreate,Create,Edit,Delete,Cleanup,PostCleanup")]
    [InlineData("Get-ImmutaIntegrationScript -Payload @{ type = 'Trino' } -Kind ", "")]
    [InlineData("Get-ImmutaIntegrationScript -Kind ", "Create,Edit,Delete,Cleanup,InitialCreate,PostCleanup")]
    [InlineData("Get-ImmutaIntegrationScript -Id 99 -Kind ", "Create,Edit,Delete,Cleanup,InitialCreate,PostCleanup")]
    [InlineData("Get-ImmutaIntegrationScript -Id 1 -Kind c", "Create,Cleanup")]
    [InlineData("Get-ImmutaIntegrationScript ", "Create,Edit,Delete,Cleanup,InitialCreate,PostCleanup")]
    public void Kind_completes_the_scripts_of_the_type_on_the_line(string line, string expected)
    {
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Complete(line).Select(c => c.CompletionText));
    }

    [Fact]
    public void Kind_reads_the_type_of_a_payload_file_or_a_piped_payload()
    {
        string file = Path.Combine(Path.GetTempPath(), $"completion-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "type: Databricks\nautoBootstrap: false\nconfig:\n  workspaceUrl: x.cloud.databricks.com\n");
        try
        {
            Assert.Equal(["Create", "Edit"], Complete($"Get-ImmutaIntegrationScript -Path '{file}' -Kind ").Select(c => c.CompletionText));
            Session.Run("$payload = @{ type = 'Snowflake' }");
            Assert.Equal(["Create", "Edit", "Delete", "Cleanup"], Complete("$payload | Get-ImmutaIntegrationScript -Kind ").Select(c => c.CompletionText));
            Assert.Equal(["Create", "Edit", "Delete", "Cleanup"], Complete("Get-ImmutaIntegrationScript -Payload $payload -Kind ").Select(c => c.CompletionText));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Kind_still_binds_names_in_any_case_and_enum_values_and_refuses_others_at_binding()
    {
        var result = Session.Run("""
            Get-ImmutaIntegrationScript -Kind delete -Payload @{ type = 'Snowflake' } -ErrorAction SilentlyContinue -ErrorVariable lowercase
            Get-ImmutaIntegrationScript -Kind ([ImmutaIntegrations.IntegrationScriptKind]::Create) -Payload @{ type = 'Trino' } -ErrorAction SilentlyContinue -ErrorVariable trino
            $lowercase[0].Exception.Message
            $trino[0].Exception.Message
            Get-ImmutaIntegrationScript -Kind Nope -Id 1
            """);

        Assert.NotNull(result.Terminating);
        Assert.Equal("ParameterArgumentTransformationError,ImmutaIntegrations.Commands.GetImmutaIntegrationScriptCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Contains("'Nope' is not a script kind: give one of Create, Edit, Delete, Cleanup, InitialCreate, PostCleanup.", result.Terminating.Exception.Message);
        string[] messages = result.Of<string>();
        Assert.Equal("The Delete script is for an integration: give its -Id.", messages[0]);
        Assert.StartsWith("Trino has no Create script", messages[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Get-ImmutaIntegration -Type ", "Snowflake,Databricks,Redshift,'Azure Synapse Analytics','Google BigQuery','Native S3',Trino")]
    [InlineData("Get-ImmutaIntegration -Type azure", "'Azure Synapse Analytics'")]
    [InlineData("Export-ImmutaIntegration -Path out -Type *Big", "'Google BigQuery'")]
    [InlineData("New-ImmutaIntegrationPayload -Type s3", "'Native S3'")]
    public void Type_completes_the_seven_types_quoted_where_they_hold_a_space(string line, string expected)
    {
        Assert.Equal(expected.Split(','), Complete(line).Select(c => c.CompletionText));
    }

    [Fact]
    public void Ids_sort_as_numbers()
    {
        string[] ids = ["10", "2", "b", "1", "a", "02"];

        Assert.Equal(["1", "02", "2", "10", "a", "b"], ids.OrderBy(id => id, ImmutaIntegrations.Core.IntegrationIdOrder.Instance));
    }
}
