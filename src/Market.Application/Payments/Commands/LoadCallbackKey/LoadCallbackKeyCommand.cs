using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Payments.Commands.LoadCallbackKey;

/// <summary>
/// The stored callback ticket key (base64), generated and stored by the first replica that asks. Two replicas
/// generating at once break the key's primary key; the unit of work runs this again and the loser reads the winner's.
/// </summary>
public sealed record LoadCallbackKeyCommand : ICommand<string>, IRetryOnConflict;
