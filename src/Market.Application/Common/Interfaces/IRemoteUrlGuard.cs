namespace Market.Application.Common.Interfaces;

/// <summary>Refuses remote-source URLs that point into private networks (SSRF) unless configured otherwise.</summary>
public interface IRemoteUrlGuard
{
    /// <summary>Null when the URL may be used; otherwise why not.</summary>
    ValueTask<string?> CheckAsync(Uri url, CancellationToken cancellationToken);
}
