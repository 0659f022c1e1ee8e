using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Engine;

/// <summary>A task that ended in one step, its app, and the install a successful cancel ended with it.</summary>
public sealed record EndedTask(AppTask Task, UserApp? App, AppTask? Also = null);
