using Market.Application.Payments.Models;
using Mediator;

namespace Market.Application.Payments.Queries.GetPaymentStates;

/// <summary>Every purchase with its five dimensions, for admins; JWS, sign body and VC are masked.</summary>
public sealed record GetPaymentStatesQuery : IQuery<PaymentStatesDto>;
