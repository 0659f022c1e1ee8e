namespace Market.Application.Common.Interfaces;

/// <summary>POSTs one signed webhook body; never throws for the receiver's or the network's faults.</summary>
public interface IWebhookSender
{
    /// <summary>The receiver's status code, or null with the reason nothing was answered.</summary>
    Task<(int? StatusCode, string? Error)> SendAsync(Uri url, string deliveryId, string notificationEvent, string body, string secret, CancellationToken cancellationToken);
}
