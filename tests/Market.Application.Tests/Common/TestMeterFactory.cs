using System.Diagnostics.Metrics;

namespace Market.Application.Tests.Common;

/// <summary>Meters for one test, disposed with it (what the host's meter factory does in production).</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    public List<Meter> Created { get; } = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        Created.Add(meter);
        return meter;
    }

    public void Dispose() => Created.ForEach(m => m.Dispose());
}
