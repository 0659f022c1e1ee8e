using Market.Application.Updates.Models;
using Mediator;

namespace Market.Application.Updates.Queries.GetUpdates;

/// <summary><c>GET /updates</c>: the user's offered updates; <paramref name="All"/> adds held apps and apps whose only new release is skipped.</summary>
public sealed record GetUpdatesQuery(string User, bool All) : IQuery<UpdatesDto>;
