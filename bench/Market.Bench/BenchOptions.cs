using System.Globalization;

namespace Market.Bench;

/// <summary>Command line: <c>[--url URL] [--apps N] [--users N] [--seconds S] [--connections C] [--serve]</c>.</summary>
internal sealed record BenchOptions(string? Url, int Apps, int Users, int Seconds, int Connections, bool Serve)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new BenchOptions(
            Value("--url"),
            Number("--apps", 2000),
            Number("--users", 1000),
            Number("--seconds", 10),
            Number("--connections", 32),
            args.Contains("--serve"));
    }
}
