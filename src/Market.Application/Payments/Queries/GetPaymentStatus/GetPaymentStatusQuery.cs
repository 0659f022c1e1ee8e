using Market.Application.Payments.Models;
using Mediator;

namespace Market.Application.Payments.Queries.GetPaymentStatus;

/// <summary>A paid app's payment status for the caller; <see cref="Source"/> null = the legacy route (every source).</summary>
public sealed record GetPaymentStatusQuery(string User, string? Source, string AppId, string? ForwardedHost) : IQuery<PaymentStatusDto>;
