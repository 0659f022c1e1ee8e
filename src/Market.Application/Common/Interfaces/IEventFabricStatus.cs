using Market.Application.Runtime.Models;

namespace Market.Application.Common.Interfaces;

/// <summary>This replica's side of the Olares event fabric (NATS) as <c>/diagnostic</c> shows it; disabled when NATS is off.</summary>
public interface IEventFabricStatus
{
    NatsDiagnosticDto GetStatus();
}
