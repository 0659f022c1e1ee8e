namespace Market.Application.Common.Interfaces;

/// <summary>Refuses remote-source URLs that point into private networks (SSRF) unless configured otherwise.</summary>
public interface IRemoteUrlGuard
{
    /// <summary>Null when the URL may be used; otherwise why not.</summary>
    ValueTask<string?> CheckAsync(Uri url, CancellationToken cancellationToken);

    /// <summary>The same rule with its own switch (webhooks have <c>Market:Notifications:AllowPrivateNetworks</c>).</summary>
    ValueTask<string?> CheckAsync(Uri url, bool allowPrivateNetworks, CancellationToken cancellationToken);
}
