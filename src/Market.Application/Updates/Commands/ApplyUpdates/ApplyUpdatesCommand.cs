using Market.Application.Updates.Models;
using Mediator;

namespace Market.Application.Updates.Commands.ApplyUpdates;

/// <summary>
/// <c>POST /updates/apply</c> <c>{apps: [...]}</c> or <c>{all: true}</c>: one batch of upgrades to the newest
/// version, one per app. A repeated <c>Idempotency-Key</c> answers with the first batch.
/// </summary>
public sealed record ApplyUpdatesCommand(string User, IReadOnlyList<string>? Apps, bool All, string? IdempotencyKey) : ICommand<UpdateBatchDto>;
