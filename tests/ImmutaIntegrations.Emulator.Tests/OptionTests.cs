using ImmutaIntegrations.Emulator.Scripts;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>The start options that choose the forms of answer, as the command line gives them, and their --help text.</summary>
public sealed class OptionTests
{
    [Fact]
    public void By_default_scripts_are_plain_text_and_a_force_disable_ends_deleted()
    {
        EmulatorOptions options = EmulatorOptions.Parse([], out _);

        Assert.Equal("text/plain", options.ScriptContentType);
        Assert.Equal("deleted", options.ForceDisableStatus);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    [InlineData("json-string")]
    [InlineData("JSON-Object")]
    public void Script_content_type_takes_the_five_forms(string value)
    {
        EmulatorOptions options = EmulatorOptions.Parse(["--script-content-type", value], out _);

        Assert.Equal(value.ToLowerInvariant(), options.ScriptContentType);
    }

    [Fact]
    public void Force_disable_status_takes_deleted_or_disabled()
    {
        Assert.Equal("disabled", EmulatorOptions.Parse(["--force-disable-status", "disabled"], out _).ForceDisableStatus);
        Assert.Equal("deleted", EmulatorOptions.Parse(["--force-disable-status", "deleted"], out _).ForceDisableStatus);
    }

    [Theory]
    [InlineData("native", ScriptDialect.Native)]
    [InlineData("sqlite", ScriptDialect.Sqlite)]
    [InlineData("postgres", ScriptDialect.Postgres)]
    [InlineData("PostgreS", ScriptDialect.Postgres)]
    public void Script_dialect_takes_native_sqlite_or_postgres(string value, ScriptDialect dialect)
    {
        Assert.Equal(ScriptDialect.Native, EmulatorOptions.Parse([], out _).ScriptDialect);
        Assert.Equal(dialect, EmulatorOptions.Parse(["--script-dialect", value], out _).ScriptDialect);
    }

    [Fact]
    public void The_script_prefix_goes_into_every_script_unless_its_kinds_are_named()
    {
        EmulatorOptions none = EmulatorOptions.Parse([], out _);
        EmulatorOptions every = EmulatorOptions.Parse(["--script-prefix", "SELECT pg_sleep(60)"], out _);
        EmulatorOptions some = EmulatorOptions.Parse(
            ["--script-prefix", "SELECT pg_sleep(60);", "--script-prefix-kinds", "Create, initial-create", "--script-prefix-kinds", "create,delete"], out _);

        Assert.Null(none.ScriptPrefix);
        Assert.Empty(none.ScriptPrefixKinds);
        Assert.Equal("SELECT pg_sleep(60)", every.ScriptPrefix);
        Assert.Empty(every.ScriptPrefixKinds);
        Assert.Equal("SELECT pg_sleep(60);", some.ScriptPrefix);
        Assert.Equal([ScriptKind.Create, ScriptKind.InitialCreate, ScriptKind.Delete], some.ScriptPrefixKinds);
    }

    [Theory]
    [InlineData("--script-content-type", "text/xml",
        "--script-content-type takes text/plain, text/html, application/octet-stream, json-string, json-object, not 'text/xml'.")]
    [InlineData("--force-disable-status", "removed", "--force-disable-status takes deleted, disabled, not 'removed'.")]
    [InlineData("--script-dialect", "mysql", "--script-dialect takes native, sqlite, postgres, not 'mysql'.")]
    [InlineData("--script-dialect", "2", "--script-dialect takes native, sqlite, postgres, not '2'.")]
    [InlineData("--script-prefix-kinds", "create,drop",
        "--script-prefix-kinds takes create, edit, delete, cleanup, initial-create, post-cleanup, not 'drop'.")]
    public void A_value_the_option_does_not_take_stops_the_emulator_with_the_values_it_takes(string option, string value, string message)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse([option, value], out _));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Quirks_are_a_comma_separated_list_that_may_be_given_more_than_once()
    {
        EmulatorOptions options = EmulatorOptions.Parse(["--quirks", "numeric-ids, Odd-Item,", "--quirks", "odd-item,extra-fields"], out _);

        Assert.Equal(["numeric-ids", "odd-item", "extra-fields"], options.Quirks);
        Assert.Empty(EmulatorOptions.Parse([], out _).Quirks);
    }

    [Fact]
    public void An_unknown_quirk_stops_the_emulator_with_the_quirks_there_are()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--quirks", "numeric-ids,slow"], out _));

        Assert.Equal("Unknown quirk 'slow'; the quirks are numeric-ids, html-scripts, unknown-status, unknown-type, extra-fields, "
            + "bare-dry-run, object-messages, odd-item, no-auth-endpoint.", error.Message);
    }

    [Theory]
    [InlineData("--quirks <name,name,...>")]
    [InlineData("numeric-ids")]
    [InlineData("html-scripts")]
    [InlineData("unknown-status")]
    [InlineData("unknown-type")]
    [InlineData("extra-fields")]
    [InlineData("bare-dry-run")]
    [InlineData("object-messages")]
    [InlineData("odd-item")]
    [InlineData("no-auth-endpoint")]
    [InlineData("GET/POST /_emulator/quirks")]
    [InlineData("--script-content-type <value>")]
    [InlineData("application/octet-stream")]
    [InlineData("json-object")]
    [InlineData("--force-disable-status <deleted|disabled>")]
    [InlineData("GET/POST /_emulator/settings")]
    [InlineData("--script-dialect <native|sqlite|postgres>")]
    [InlineData("postgres  Redshift's scripts as PostgreSQL statements")]
    [InlineData("--script-prefix <sql>")]
    [InlineData("--script-prefix-kinds <kind,...>")]
    [InlineData("\"scriptPrefix\", \"scriptPrefixKinds\"")]
    [InlineData("GET /_emulator/history")]
    public void The_help_text_documents_each_option_and_route(string text) => Assert.Contains(text, EmulatorOptions.Usage);
}
