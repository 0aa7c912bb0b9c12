using System;

namespace ImmutaIntegrations;

/// <summary>
/// A saved plan (<c>Compare-ImmutaIntegration -OutFile</c>): where it is, which tenant it was made for, when, by which
/// version of the module, and its checksum. Every item of a saved plan carries it (<see cref="IntegrationPlanItem.PlanFile"/>).
/// </summary>
public sealed class IntegrationPlanFile
{
    /// <summary>The file's full path.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The tenant the plan was made against, e.g. <c>https://acme.immuta.com/</c>; it is applied only there.</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>When the plan was made (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The version of ImmutaIntegrations that made it.</summary>
    public string ModuleVersion { get; set; } = string.Empty;

    /// <summary>The plan format's version; a module applies only the formats it reads.</summary>
    public int FormatVersion { get; set; }

    /// <summary>The file's checksum, <c>sha256:</c> and 64 hexadecimal digits: any change to the file makes it another.</summary>
    public string Checksum { get; set; } = string.Empty;

    /// <summary>Whether the plan was made with <c>-Prune</c> (it then deletes the integrations that were in no file).</summary>
    public bool Prune { get; set; }

    /// <summary>How many items the plan has, unchanged ones included.</summary>
    public int ItemCount { get; set; }

    /// <summary>The path, the tenant and when, e.g. <c>./plan.json (https://acme.immuta.com/, 2026-12-07 09:30:00Z)</c>.</summary>
    public override string ToString() => $"{Path} ({Tenant}, {CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)";
}
