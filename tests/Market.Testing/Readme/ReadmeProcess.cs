using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Market.Testing.Readme;

/// <summary>
/// Runs a README block in <c>bash</c> from the repository root, as a reader would, with only what a test must change:
/// <list type="bullet">
/// <item><c>dotnet run</c> gets <c>--no-build</c> (the test run has built the service already);</item>
/// <item><c>localhost:8080</c> / <c>localhost:8081</c> become a free port, and a block that names no address gets the
/// documented override <c>ASPNETCORE_URLS</c> with it, so parallel runs never meet on 8080;</item>
/// <item>the SQLite file and package store live in a temporary folder, and the built-in remote points at a closed port
/// (CI has no internet).</item>
/// </list>
/// Output is collected; disposing kills the whole process tree and deletes the folder.
/// </summary>
public sealed partial class ReadmeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ReadmeProcess(string script, int port, string dataFolder, IDictionary<string, string>? environment)
    {
        Port = port;
        DataFolder = dataFolder;
        var info = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = ReadmeBlocks.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The test host's MSBuild settings would steer the nested dotnet; a reader's shell has none.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["Market__Storage__SqlitePath"] = Path.Combine(dataFolder, "market.db");
        info.Environment["Market__Packages__Path"] = Path.Combine(dataFolder, "packages");
        info.Environment["Market__Sources__OfficialBaseUrl"] = "http://127.0.0.1:9";
        info.Environment["Market__Sources__RetryCount"] = "0";
        if (!script.Contains("ASPNETCORE_URLS", StringComparison.Ordinal))
        {
            info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{port}";
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>Where this run keeps its SQLite file and packages.</summary>
    public string DataFolder { get; }

    /// <summary><c>http://localhost:port</c>.</summary>
    public string BaseAddress => $"http://localhost:{Port}";

    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="block"/> (README text) with the substitutions above.</summary>
    public static ReadmeProcess Start(string block, IDictionary<string, string>? environment = null, int? port = null, Func<string, string>? edit = null)
    {
        var chosen = port ?? FreePort();
        var script = LocalPort().Replace(block.Replace("dotnet run ", "dotnet run --no-build ", StringComparison.Ordinal), $"localhost:{chosen}");
        script = edit?.Invoke(script) ?? script;
        var folder = Path.Combine(Path.GetTempPath(), "market-readme-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return new ReadmeProcess(script, chosen, folder, environment);
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits for the process to end (up to <paramref name="timeout"/>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the README block did not end within {timeout.TotalSeconds:0} s\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Everything the block printed, for assertion messages.</summary>
    public string Transcript() => $"exit: {(_process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "running")}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a dying child: the temp folder is cleaned by the OS
        }
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    [GeneratedRegex(@"localhost:808[01]\b")]
    private static partial Regex LocalPort();
}
