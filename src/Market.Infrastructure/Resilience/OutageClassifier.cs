using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Resilience;

/// <summary>The port over <see cref="InfrastructureFailure"/>, for the API's exception handler.</summary>
internal sealed class OutageClassifier : IOutageClassifier
{
    public bool IsTransient(Exception exception) => InfrastructureFailure.IsTransient(exception);
}
