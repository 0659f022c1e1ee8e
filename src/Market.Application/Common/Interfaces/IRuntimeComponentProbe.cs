using Market.Application.Runtime.Models;

namespace Market.Application.Common.Interfaces;

/// <summary>Checks the parts the service depends on (database, hot state, task workers) for the runtime view.</summary>
public interface IRuntimeComponentProbe
{
    Task<IReadOnlyList<ProbedComponent>> ProbeAsync(CancellationToken cancellationToken);
}
