using Market.Application.Updates.Models;
using Mediator;

namespace Market.Application.Updates.Queries.GetUpdateBatch;

/// <summary><c>GET /updates/batches/{id}</c>: one of the caller's batches with each app's task and outcome.</summary>
public sealed record GetUpdateBatchQuery(string User, string BatchId) : IQuery<UpdateBatchDto>;
