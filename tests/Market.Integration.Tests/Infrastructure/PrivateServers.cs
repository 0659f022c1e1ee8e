using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Market.Integration.Tests.Infrastructure;

/// <summary>
/// Servers a test may stop and start at will: its own <c>redis-server</c> and its own PostgreSQL cluster
/// (initdb into a temp folder, run as the <c>postgres</c> user when the tests run as root), each on a
/// free port. The shared servers of the other tests are never touched.
/// </summary>
public static class PrivateServers
{
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The path of a server binary, or a failure (CI) / an ignore (a laptop without it).</summary>
    public static string Require(string what, string? found)
    {
        if (found is not null)
        {
            return found;
        }

        if (TestInfrastructure.Required)
        {
            Assert.Fail($"{what} is needed to take the server away and bring it back");
        }

        Skip.Because($"{what} not installed: cannot stop and start a private server");
        return string.Empty;
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A private redis-server without persistence: a restart is also a flush.</summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly string _binary;
    private Process? _process;

    private PrivateRedis(string binary) => _binary = binary;

    public int Port { get; } = PrivateServers.FreePort();

    /// <summary>A StackExchange.Redis configuration string that gives up quickly while the server is away.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000";

    public static async Task<PrivateRedis> StartAsync()
    {
        var binary = PrivateServers.Require("redis-server", new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server" }.FirstOrDefault(File.Exists));
        var redis = new PrivateRedis(binary);
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        _process = Process.Start(new ProcessStartInfo(_binary, ["--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await Eventually.HoldsAsync(
            async () => await AnswersAsync() || (_process.HasExited ? throw new AssertionException("the private redis-server exited at start") : false),
            "the private redis-server to start",
            TimeSpan.FromSeconds(20));
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Empties the server, as an operator's <c>FLUSHALL</c> would (the service itself never may).</summary>
    public async Task FlushAllAsync() => Assert.That(await CommandAsync("FLUSHALL"), Does.StartWith("+OK"));

    private async Task<bool> AnswersAsync()
    {
        try
        {
            return (await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }
}

/// <summary>
/// A private PostgreSQL cluster (trust auth, fsync off) in a temp folder. The binaries come from
/// <c>MARKET_TEST_PG_BIN</c> or the usual install folders. PostgreSQL refuses to run as root, so as
/// root every command runs as the <c>postgres</c> user.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PrivatePostgres(string bin, string folder)
    {
        _bin = bin;
        _folder = folder;
    }

    public int Port { get; } = PrivateServers.FreePort();

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>The service's connection string: the cluster's own <c>postgres</c> database, short timeouts.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3;Command Timeout=10;Pooling=true";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = PrivateServers.Require("PostgreSQL (initdb, pg_ctl)", FindBin());
        var folder = Path.Combine(Path.GetTempPath(), "market-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var postgres = new PrivatePostgres(bin, folder);
        if (Environment.UserName == "root")
        {
            await postgres.MustAsync("/bin/chmod", "755", folder);
            await postgres.MustAsync("/bin/chown", "postgres", folder);
        }

        await postgres.PgAsync("initdb", $"-D '{postgres.DataFolder}' -U postgres --auth=trust -E UTF8 --no-sync");
        await postgres.StartAgainAsync();
        return postgres;
    }

    public Task StartAgainAsync() =>
        PgAsync("pg_ctl", $"-D '{DataFolder}' -l '{_folder}/pg.log' -w -t 60 -o \"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories='{_folder}' -c fsync=off -c max_connections=200\" start");

    /// <summary>A fast shutdown: open sessions are ended with 57P01, as on a restart or a failover.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", $"-D '{DataFolder}' -m fast -w -t 60 stop");

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            await PgAsync("pg_ctl", $"-D '{DataFolder}' -m immediate -w stop", mustSucceed: false);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private static string? FindBin()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("MARKET_TEST_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.Add("/usr/local/bin");
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private async Task PgAsync(string tool, string arguments, bool mustSucceed = true)
    {
        var command = $"'{Path.Combine(_bin, tool)}' {arguments}";
        var (code, output) = Environment.UserName == "root"
            ? await PrivateServers.RunAsync("/bin/su", "postgres", "-s", "/bin/sh", "-c", command)
            : await PrivateServers.RunAsync("/bin/sh", "-c", command);
        if (code != 0 && mustSucceed)
        {
            var log = Path.Combine(_folder, "pg.log");
            Assert.Fail($"{tool} failed ({code}): {output}{(File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty)}");
        }
    }

    private async Task MustAsync(string file, params string[] args)
    {
        var (code, output) = await PrivateServers.RunAsync(file, args);
        if (code != 0)
        {
            Assert.Fail($"{file} failed: {output}");
        }
    }
}
