using System;

namespace ImmutaIntegrations;

/// <summary>
/// The module refused something before sending anything: a URL or id it cannot use, or a change it knows Immuta
/// would refuse or that would lose data (a field fixed at creation, a script the type does not have, a missing
/// privileged account). Nothing was sent. Catch it in scripts as <c>[ImmutaIntegrations.ImmutaRefusedException]</c>.
/// </summary>
public class ImmutaRefusedException : Exception
{
    /// <summary>A refusal, made before anything is sent.</summary>
    /// <param name="message">What was refused and what to do instead.</param>
    /// <param name="errorId">One of the <see cref="ImmutaErrorId"/> constants.</param>
    /// <param name="concernsConnection">True when every call would be refused the same way (see <see cref="ConcernsConnection"/>).</param>
    /// <param name="innerException">The exception behind the refusal, when there is one.</param>
    public ImmutaRefusedException(string message, string errorId, bool concernsConnection = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        ConcernsConnection = concernsConnection;
    }

    /// <summary>A stable id such as <c>InvalidId</c> or <c>CredentialsRequired</c>; see <see cref="ImmutaErrorId"/>.</summary>
    public string ErrorId { get; }

    /// <summary>True when every call would be refused the same way (the tenant's URL); false when it concerns one item.</summary>
    public bool ConcernsConnection { get; }
}
