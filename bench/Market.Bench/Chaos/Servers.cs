using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Market.Bench.Chaos;

/// <summary>Shell steps of the chaos run: each must succeed, its output goes into the run's log.</summary>
internal static class Shell
{
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout}{await stderr}");
        }
    }

    public static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>The run's own redis-server on a free port, no persistence: a restart is also a flush.</summary>
internal sealed class ChaosRedis : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = Shell.FreePort();

    public string Configuration => $"127.0.0.1:{Port},connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000";

    public async Task StartAsync()
    {
        // The pid file lets bench/chaos.sh stop this server if the run itself is killed.
        var pidFile = Path.Combine(Path.GetTempPath(), $"redis-{Port}.pid");
        _process = Process.Start(new ProcessStartInfo("redis-server", ["--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "no", "--pidfile", pidFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        for (var i = 0; i < 200 && !await Shell.AcceptsAsync(Port); i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>As an operator would: <c>redis-cli shutdown nosave</c>.</summary>
    public async Task StopAsync()
    {
        await Shell.RunAsync("redis-cli", "-p", Port.ToString(), "shutdown", "nosave");
        if (_process is not null)
        {
            await _process.WaitForExitAsync();
            _process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        File.Delete(Path.Combine(Path.GetTempPath(), $"redis-{Port}.pid"));
    }
}

/// <summary>
/// The run's own PostgreSQL cluster: initdb into a temp folder, run as the <c>postgres</c> user
/// (PostgreSQL refuses root), on a free port, trust auth, fsync off. Never the shared dev server.
/// </summary>
internal sealed class ChaosPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "market-chaos-pg-" + Guid.NewGuid().ToString("N")[..12]);

    public int Port { get; } = Shell.FreePort();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3;Command Timeout=10";

    private string Data => Path.Combine(_folder, "data");

    public async Task InitAsync()
    {
        Directory.CreateDirectory(_folder);
        await Shell.RunAsync("chown", "postgres", _folder);
        await PgAsync($"'{Bin}/initdb' -D '{Data}' -U postgres --auth=trust -E UTF8 --no-sync");
        await StartAsync();
    }

    public Task StartAsync() =>
        PgAsync($"'{Bin}/pg_ctl' -D '{Data}' -l '{_folder}/pg.log' -w -t 60 -o \"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories='{_folder}' -c fsync=off -c max_connections=300\" start");

    /// <summary><c>pg_ctl stop -m fast</c>: open sessions end with 57P01, as on a restart.</summary>
    public Task StopAsync() => PgAsync($"'{Bin}/pg_ctl' -D '{Data}' -m fast -w -t 60 stop");

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await PgAsync($"'{Bin}/pg_ctl' -D '{Data}' -m immediate -w stop");
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Temp folder; the OS cleans it eventually.
        }
    }

    private static Task PgAsync(string command) => Shell.RunAsync("su", "postgres", "-s", "/bin/sh", "-c", command);
}

/// <summary>A replica in its own process (this same binary in <c>--replica</c> mode); its log goes to a file.</summary>
internal sealed class ReplicaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter _log;
    private readonly string _pidPath;

    private ReplicaProcess(string name, Process process, string logPath, string pidPath)
    {
        Name = name;
        _process = process;
        _pidPath = pidPath;
        _log = new StreamWriter(logPath) { AutoFlush = true };
    }

    public string Name { get; }

    public Uri Url { get; private set; } = null!;

    public static async Task<ReplicaProcess> StartAsync(string name, string logFolder, params string[] args)
    {
        var entry = typeof(ReplicaProcess).Assembly.Location;
        var info = new ProcessStartInfo(Environment.ProcessPath!, [entry, "--replica", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_gcServer"] = "0"; // three replicas and a load client on 2 cores
        // The pid file lets bench/chaos.sh stop this replica if the run itself is killed.
        var replica = new ReplicaProcess(name, Process.Start(info)!, Path.Combine(logFolder, $"replica-{name}.log"), Path.Combine(logFolder, $"replica-{name}.pid"));
        await File.WriteAllTextAsync(replica._pidPath, replica._process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        replica._process.OutputDataReceived += (_, e) => replica.OnLine(e.Data);
        replica._process.ErrorDataReceived += (_, e) => replica.OnLine(e.Data);
        replica._process.BeginOutputReadLine();
        replica._process.BeginErrorReadLine();
        var started = await Task.WhenAny(replica._url.Task, replica._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(120)));
        if (started != replica._url.Task)
        {
            throw new InvalidOperationException($"replica {name} did not start (see {logFolder}/replica-{name}.log)");
        }

        replica.Url = new Uri(await replica._url.Task);
        return replica;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Shell.RunAsync("kill", "-TERM", _process.Id.ToString());
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                _process.Kill();
            }
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(_pidPath);
        await _log.DisposeAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }

        const string ready = "# replica on ";
        if (line.StartsWith(ready, StringComparison.Ordinal))
        {
            _url.TrySetResult(line[ready.Length..].Trim());
        }
    }
}
