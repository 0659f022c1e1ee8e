namespace Market.Application.Common.Interfaces;

/// <summary>
/// Tells an outage of the database or of Redis apart from a bug (503, not 500). The drivers that know
/// their own failure types live in Infrastructure; the edge asks through this port.
/// </summary>
public interface IOutageClassifier
{
    bool IsTransient(Exception exception);
}
