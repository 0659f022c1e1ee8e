using System.Globalization;

namespace Market.Bench.Chaos;

/// <summary>
/// <c>--chaos [--install-every-ms 400] [--step-ms 800] [--redis-stop-at 5] [--redis-down 10] [--postgres-stop-at 24]
/// [--postgres-down 5] [--readers 4] [--settle 180] [--agree 15] [--sync-every 0]</c> (seconds unless named ms;
/// <c>--sync-every N</c> sends every Nth install with <c>"sync": true</c>, the client waiting for the end).
/// </summary>
internal sealed record ChaosOptions(int InstallEveryMs, int StepMs, double RedisStopAt, double RedisDownSeconds, double PostgresStopAt,
    double PostgresDownSeconds, int Readers, int SettleSeconds, int AgreeSeconds, int SyncEvery)
{
    public static ChaosOptions Parse(string[] args)
    {
        double Number(string name, double fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? double.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new ChaosOptions(
            (int)Number("--install-every-ms", 400),
            (int)Number("--step-ms", 800),
            Number("--redis-stop-at", 5),
            Number("--redis-down", 10),
            Number("--postgres-stop-at", 24),
            Number("--postgres-down", 5),
            (int)Number("--readers", 4),
            (int)Number("--settle", 180),
            (int)Number("--agree", 15),
            (int)Number("--sync-every", 0));
    }
}
