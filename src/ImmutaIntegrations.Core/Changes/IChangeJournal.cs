namespace ImmutaIntegrations.Core.Changes;

/// <summary>The request that makes a change in Immuta: POST, PUT or DELETE /integrations.</summary>
public enum ChangeRequest
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// Told where the requests of one change stand, so that a change stopped part way can be reported as it is: answered
/// (Immuta took it and goes on with it, whether or not anyone waits), sent with no answer read yet (made or not, no one
/// knows), or never sent. A Replace tells of its delete, then of its create. A dry run tells it nothing. Called on the
/// thread the change runs on; it must not throw.
/// </summary>
public interface IChangeJournal
{
    /// <summary>Just before the request is sent. <paramref name="id"/> is the integration updated or deleted; null for a create.</summary>
    void Sending(ChangeRequest request, string? id);

    /// <summary>As soon as Immuta's answer to the request is read: the integration's id (a create's new one) and the status Immuta gave.</summary>
    void Accepted(ChangeRequest request, string id, string status);
}
