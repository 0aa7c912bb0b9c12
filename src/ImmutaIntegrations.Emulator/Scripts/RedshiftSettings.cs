using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>What Redshift's scripts are made of, in either rendering: the names the payload gives or implies.</summary>
internal sealed record RedshiftSettings(
    string Host, string Database, string InitialDatabase, string User, string? Password, string? ImpersonationRole)
{
    public const string SystemSchema = "immuta_system";
    private const string DefaultUser = "immuta_system_account";
    private const string DefaultImpersonationRole = "immuta_impersonation";

    // Redshift's default database: the one to connect to when the payload gives no initialDatabase.
    private const string DefaultInitialDatabase = "dev";

    public static RedshiftSettings From(JsonObject json)
    {
        var config = new ScriptConfig(json);
        return new RedshiftSettings(
            config.Required("host"), config.Required("database"),
            config.Text("initialDatabase") ?? DefaultInitialDatabase,
            config.Text("username") ?? config.Text("databaseUser") ?? DefaultUser,
            config.Text("password"),
            config.ImpersonationRole(DefaultImpersonationRole));
    }
}
