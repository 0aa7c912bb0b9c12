namespace ImmutaIntegrations;

/// <summary>How the API key is presented to Immuta.</summary>
public enum ImmutaAuthMode
{
    /// <summary>The raw key is the whole <c>Authorization</c> header (the Integrations reference's form).</summary>
    ApiKey = 0,

    /// <summary>The key is exchanged at <c>/bim/apikey/authenticate</c> for a token sent as <c>Bearer</c>.</summary>
    Bearer = 1,
}
