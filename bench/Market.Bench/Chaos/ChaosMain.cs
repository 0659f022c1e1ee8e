using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Market.Testing.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Market.Bench.Chaos.ChaosScenario;

namespace Market.Bench.Chaos;

/// <summary>
/// The operator's check of issue 10 as one command (bench/chaos.sh, bench/README.md "Faults"): two
/// replicas on a private PostgreSQL and a private Redis, the Olares runtime against a fake app-service
/// that counts submissions, 100 installs from 20 users, Redis stopped for 10 s and later PostgreSQL for
/// 5 s while installs are in flight. Exits 1 when an install is lost or submitted twice, an answer is a
/// 500 (or any 5xx but 503, or no answer), or the replicas do not agree with the database afterwards.
/// </summary>
internal static class ChaosMain
{
    public static async Task<int> RunAsync(ChaosOptions options)
    {
        var logFolder = Path.Combine(Path.GetTempPath(), "market-chaos-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(logFolder);
        Say($"logs in {logFolder}");

        // Ctrl+C or SIGTERM: stop what the run started (newest first) and leave; nothing stays behind.
        var started = new ConcurrentStack<IAsyncDisposable>();
        void Abort(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;
            Say("interrupted: stopping the replicas and the private servers");
            while (started.TryPop(out var resource))
            {
                resource.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
            }

            Environment.Exit(130);
        }

        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Abort);
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Abort);
        await using var postgres = new ChaosPostgres();
        started.Push(postgres);
        await postgres.InitAsync();
        await using var redis = new ChaosRedis();
        started.Push(redis);
        await redis.StartAsync();
        await using var appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(options.StepMs));
        Say($"private PostgreSQL on {postgres.Port}, private Redis on {redis.Port}, fake app-service on {appService.Url}");

        string[] ReplicaArgs(string redisConfiguration) => ["--postgres", postgres.ConnectionString, "--redis", redisConfiguration, "--app-service", appService.Url];
        await using var a = await ReplicaProcess.StartAsync("a", logFolder, [.. ReplicaArgs(redis.Configuration), "--seed", string.Join(',', Apps)]);
        started.Push(a);
        await using var b = await ReplicaProcess.StartAsync("b", logFolder, ReplicaArgs(redis.Configuration));
        started.Push(b);
        Say($"replicas a {a.Url} and b {b.Url}");

        var answers = new AnswerLog(Clock);
        using var clientA = new HttpClient { BaseAddress = a.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var clientB = new HttpClient { BaseAddress = b.Url, Timeout = TimeSpan.FromSeconds(30) };
        HttpClient[] replicas = [clientA, clientB];
        foreach (var client in replicas)
        {
            await WaitAsync(async () => (await answers.SendAsync(client, "GET /healthz/ready", new HttpRequestMessage(HttpMethod.Get, "/healthz/ready"))).Status == 200, TimeSpan.FromSeconds(60));
        }

        // A second source for the quiet users to switch to; their views built on both replicas.
        var addSource = new HttpRequestMessage(HttpMethod.Post, Prefix + "/settings/market-source")
        {
            // Another closed port than the official source's: the same server twice is refused.
            Content = new StringContent("""{"id":"market.second","base_url":"http://127.0.0.1:10"}""", Encoding.UTF8, "application/json"),
        };
        addSource.Headers.Add("X-Bfl-User", "admin");
        if ((await answers.SendAsync(clientA, "POST /settings/market-source", addSource)).Status != 200)
        {
            throw new InvalidOperationException("adding the second source failed");
        }

        await ViewChecks.DisagreeingUsersAsync(answers, replicas, Quiet);
        var quietBefore = new Dictionary<string, string?>();
        foreach (var user in Quiet)
        {
            quietBefore[user] = await HashAsync(answers, clientA, user);
        }

        // Every user's ETag on both replicas before anything happens: none may answer 304 for it afterwards.
        var etagsBefore = new List<(HttpClient Replica, string User, string ETag)>();
        foreach (var user in Users)
        {
            foreach (var replica in replicas)
            {
                using var response = await replica.SendAsync(Get("/market/data", user));
                etagsBefore.Add((replica, user, response.Headers.ETag!.ToString()));
            }
        }

        // The load: 100 installs paced over the fault window, background reads, the faults on their own clock.
        Clock.Start();
        using var stopReads = new CancellationTokenSource();
        var readinessA = new ReadinessWatch(clientA, answers);
        var readinessB = new ReadinessWatch(clientB, answers);
        var eventsA = new EventWatch(a.Url, Users);
        var eventsB = new EventWatch(b.Url, Users);
        var watches = new[]
        {
            readinessA.RunAsync(Clock, stopReads.Token), readinessB.RunAsync(Clock, stopReads.Token),
            eventsA.RunAsync(Clock, stopReads.Token), eventsB.RunAsync(Clock, stopReads.Token),
        };
        var reads = Enumerable.Range(0, options.Readers).Select(r => ClientLoad.ReadLoopAsync(answers, replicas, r, stopReads.Token)).ToArray();
        var accepted = new ConcurrentDictionary<(string User, string App), string>();
        var refused = new ConcurrentBag<string>();
        var jobs = Enumerable.Range(0, Users.Length * Apps.Length).Select(async k =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(k * options.InstallEveryMs));
            var user = Users[k % Users.Length];
            var app = Apps[k / Users.Length];
            var sync = options.SyncEvery > 0 && k % options.SyncEvery == 0;
            var taskId = await ClientLoad.InstallAsync(answers, replicas[(k + (k / Users.Length)) % 2], user, app, sync, refused);
            if (taskId is not null)
            {
                accepted[(user, app)] = taskId;
            }
        }).ToArray();
        var quietDisagreeing = new List<string>(Quiet);
        var quietChanged = 0;
        var faults = FaultsAsync(options, redis, postgres, async () =>
        {
            foreach (var user in Quiet)
            {
                var change = new HttpRequestMessage(HttpMethod.Put, Prefix + "/settings/market-settings")
                {
                    Content = new StringContent("""{"selected_source":"market.second"}""", Encoding.UTF8, "application/json"),
                };
                change.Headers.Add("X-Bfl-User", user);
                await answers.SendAsync(clientA, "PUT /settings/market-settings", change);
            }
        }, async () =>
        {
            quietDisagreeing = await ViewChecks.DisagreeingUsersAsync(answers, replicas, Quiet);
            foreach (var user in Quiet)
            {
                quietChanged += await HashAsync(answers, clientA, user) != quietBefore[user] ? 1 : 0;
            }
        });

        await Task.WhenAll(jobs);
        var faultLog = await faults;
        Say($"{accepted.Count} installs accepted, {refused.Count} refused");

        // Bounded wait for every task to end, as PostgreSQL has it.
        using var db = Database(postgres.ConnectionString);
        await using (var scope = db.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            foreach (var (pair, id) in accepted.Where(a => a.Value.StartsWith(KeyPrefix, StringComparison.Ordinal)).ToList())
            {
                var key = id[KeyPrefix.Length..];
                accepted[pair] = await context.AppTasks.Where(t => t.UserId == pair.User && t.IdempotencyKey == key).Select(t => t.Id).SingleOrDefaultAsync() ?? id;
            }
        }

        var ids = accepted.Values.ToList();
        var ended = await WaitAsync(async () =>
        {
            await using var scope = db.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            return !await context.AppTasks.AnyAsync(t => ids.Contains(t.Id) && (t.Status == AppTaskStatus.Pending || t.Status == AppTaskStatus.Running));
        }, TimeSpan.FromSeconds(options.SettleSeconds));
        await stopReads.CancelAsync();
        await Task.WhenAll(reads);
        await Task.WhenAll(watches);
        Say(ended ? "every accepted task ended" : $"tasks still running after {options.SettleSeconds} s");

        // What the database says.
        List<AppTask> tasks;
        List<Market.Domain.Apps.UserApp> rows;
        await using (var scope = db.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            tasks = await context.AppTasks.AsNoTracking().Where(t => Users.Contains(t.UserId)).ToListAsync();
            rows = await context.UserApps.AsNoTracking().Where(r => Users.Contains(r.UserId)).ToListAsync();
        }

        var pairs = Users.SelectMany(u => Apps.Select(app => (User: u, App: app))).ToList();
        var lost = pairs.Where(p => !accepted.TryGetValue(p, out var id) || tasks.SingleOrDefault(t => t.Id == id) is not { Status: AppTaskStatus.Completed }).ToList();
        var submissions = appService.Requests.Where(r => r.Operation == "install")
            .GroupBy(r => (User: r.Headers.GetValueOrDefault("X-Bfl-User", string.Empty), r.App)).ToDictionary(g => g.Key, g => g.Count());
        var twice = submissions.Where(s => s.Value > 1).ToList();
        var neverSubmitted = pairs.Count(p => !submissions.ContainsKey(p));
        var notRunning = pairs.Where(p => rows.Count(r => r.UserId == p.User && r.AppName == p.App) != 1
            || rows.Single(r => r.UserId == p.User && r.AppName == p.App).State != Market.Domain.Apps.AppState.Running).ToList();

        // Both replicas against the database, then against a replica started now with a cold cache.
        var stateMismatches = await ViewChecks.StatesAgainstDatabaseAsync(answers, replicas, rows);
        await using var c = await ReplicaProcess.StartAsync("c", logFolder, ReplicaArgs("memory"));
        started.Push(c);
        using var clientC = new HttpClient { BaseAddress = c.Url, Timeout = TimeSpan.FromSeconds(30) };
        var agreeWatch = Stopwatch.StartNew();
        var rounds = 0;
        var disagreeing = Users.ToList();
        await WaitAsync(async () =>
        {
            rounds++;
            disagreeing = await ViewChecks.DisagreeingUsersAsync(answers, [clientA, clientB, clientC], [.. Users, .. Quiet]);
            return disagreeing.Count == 0;
        }, TimeSpan.FromSeconds(options.AgreeSeconds));
        var agreeSeconds = agreeWatch.Elapsed.TotalSeconds;
        var stale304 = 0;
        foreach (var (replica, user, etag) in etagsBefore)
        {
            var request = Get("/market/data", user);
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            stale304 += (await answers.SendAsync(replica, "GET /market/data (old ETag)", request)).Status == 304 ? 1 : 0;
        }

        // The summary.
        var fiveHundreds = answers.Total(s => s == 500);
        var otherServerErrors = answers.Total(s => s > 500 && s != 503);
        var noAnswer = answers.Total(s => s == 0);
        Console.WriteLine();
        Console.WriteLine("## Faults injected (seconds from the first install)");
        foreach (var (at, what) in faultLog)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- {at:F1} s: {what}"));
        }

        Console.WriteLine();
        Console.WriteLine("## /healthz/ready (polled every 200 ms on each replica)");
        Console.WriteLine("| replica | 503s while Redis was away | first 200 after Redis is back | 503s while PostgreSQL was away | first 200 after PostgreSQL is back |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var readyRule = true;
        foreach (var (name, watch) in new[] { ("a", readinessA), ("b", readinessB) })
        {
            var (redisDown, redisBack) = watch.Around(faultLog[0].At, faultLog[2].At);
            var (pgDown, pgBack) = watch.Around(faultLog[4].At, faultLog[5].At);
            readyRule &= pgBack is { } back && back <= 1.0 && pgDown > 0 && redisDown > 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {redisDown} | {Seconds(redisBack)} | {pgDown} | {Seconds(pgBack)} |"));
        }

        // A request sent just before the gap may be answered in it: the window starts 1 s late and ends 3 s after.
        var unavailableInRedisGap = answers.UnavailableBetween(faultLog[0].At + 1, faultLog[2].At + 3);
        var unavailableInPostgresGap = answers.UnavailableBetween(faultLog[4].At, faultLog[5].At + 3);
        Console.WriteLine();
        Console.WriteLine($"503s (readiness left out) while Redis was away: {Describe(unavailableInRedisGap)}; while PostgreSQL was away (until 3 s after): {Describe(unavailableInPostgresGap)}.");
        var pushedWhileRedisAway = (A: eventsA.Between(faultLog[0].At, faultLog[2].At), B: eventsB.Between(faultLog[0].At, faultLog[2].At));
        Console.WriteLine();
        Console.WriteLine($"SSE (/events, one stream per user per replica): app_state_change pushes received while Redis was away: a {pushedWhileRedisAway.A}, b {pushedWhileRedisAway.B}; in the whole run a {eventsA.Between(0, double.MaxValue)}, b {eventsB.Between(0, double.MaxValue)}; streams reopened a {eventsA.Reopened}, b {eventsB.Reopened}.");

        Console.WriteLine();
        Console.WriteLine("## Answers by route and status");
        Console.WriteLine("| route | status | answers |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var ((route, status), count) in answers.Counts)
        {
            Console.WriteLine($"| {route} | {(status == 0 ? "no answer" : status.ToString(CultureInfo.InvariantCulture))} | {count} |");
        }

        foreach (var error in answers.ServerErrors)
        {
            Console.WriteLine($"  ! {error}");
        }

        var rules = new (string Rule, string Figure, bool Holds)[]
        {
            ("installs accepted (of 100)", $"{accepted.Count}", accepted.Count == pairs.Count),
            ("installs refused with a 4xx", $"{refused.Count}", refused.IsEmpty),
            ("tasks lost (accepted, not completed in PostgreSQL)", $"{lost.Count}", lost.Count == 0),
            ("operations submitted twice to app-service", $"{twice.Count}", twice.Count == 0),
            ("installs never submitted", $"{neverSubmitted}", neverSubmitted == 0),
            ("apps not exactly once `running` in PostgreSQL", $"{notRunning.Count}", notRunning.Count == 0),
            ("answers of 500", $"{fiveHundreds}", fiveHundreds == 0),
            ("other 5xx than 503 / no answer", $"{otherServerErrors} / {noAnswer}", otherServerErrors == 0 && noAnswer == 0),
            ("answers of 503 (outages, readiness included)", $"{answers.Total(s => s == 503)}", true),
            ("503s while only Redis was away (readiness left out)", $"{unavailableInRedisGap.Values.Sum()}", unavailableInRedisGap.Count == 0),
            ("/market/state of a or b not what PostgreSQL has (apps)", $"{stateMismatches}", stateMismatches == 0),
            ("SSE pushes reaching each replica's own clients while Redis was away", $"a {pushedWhileRedisAway.A}, b {pushedWhileRedisAway.B}", pushedWhileRedisAway.A > 0 && pushedWhileRedisAway.B > 0),
            ("stale 304s for an ETag issued before the faults", $"{stale304}", stale304 == 0),
            ("both replicas 503 on /healthz/ready during each outage, 200 within 1 s of PostgreSQL back", readyRule ? "yes" : "no", readyRule),
            ("quiet users (changed on a while Redis was away) differing on b 5 s after Redis is back", $"{quietDisagreeing.Count} of {Quiet.Length} (hash changed for {quietChanged})", quietDisagreeing.Count == 0 && quietChanged == Quiet.Length),
            ("users (20 + 5 quiet) whose hash or /market/data differ on a, b and a fresh c", $"{disagreeing.Count} ({rounds} round(s), {agreeSeconds:F1} s)", disagreeing.Count == 0),
        };
        Console.WriteLine();
        Console.WriteLine("## Rules");
        Console.WriteLine("| rule | figure | holds |");
        Console.WriteLine("|---|---:|---|");
        foreach (var (rule, figure, holds) in rules)
        {
            Console.WriteLine($"| {rule} | {figure} | {(holds ? "yes" : "**NO**")} |");
        }

        foreach (var (user, app) in lost.Take(10))
        {
            var id = accepted.GetValueOrDefault((user, app));
            Console.WriteLine($"  lost: {user}/{app} task {id ?? "(none)"} {tasks.SingleOrDefault(t => t.Id == id)?.Status.ToWire()} {tasks.SingleOrDefault(t => t.Id == id)?.Error}");
        }

        foreach (var (key, count) in twice.Take(10))
        {
            Console.WriteLine($"  submitted {count}×: {key.User}/{key.App}");
        }

        foreach (var user in disagreeing.Take(5))
        {
            Console.WriteLine($"  disagree: {user}");
        }

        return rules.All(r => r.Holds) ? 0 : 1;
    }

    private static async Task<List<(double At, string What)>> FaultsAsync(ChaosOptions options, ChaosRedis redis, ChaosPostgres postgres, Func<Task> quietChange, Func<Task> quietCheck)
    {
        var log = new List<(double At, string What)>();
        async Task At(double seconds, string what, Func<Task> act)
        {
            var wait = TimeSpan.FromSeconds(seconds) - Clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            await act();
            log.Add((Clock.Elapsed.TotalSeconds, what));
            Say(what);
        }

        await At(options.RedisStopAt, "redis-cli shutdown nosave", redis.StopAsync);
        await At(options.RedisStopAt + 2, "quiet users q0-q4 switch their source on a", quietChange);
        await At(options.RedisStopAt + options.RedisDownSeconds, "redis-server started again (empty)", redis.StartAsync);
        await At(options.RedisStopAt + options.RedisDownSeconds + 5, "quiet users compared on a and b", quietCheck);
        await At(options.PostgresStopAt, "pg_ctl stop -m fast", postgres.StopAsync);
        await At(options.PostgresStopAt + options.PostgresDownSeconds, "pg_ctl start", postgres.StartAsync);
        return log;
    }

    private static ServiceProvider Database(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddDbContext<MarketDbContext, PostgresMarketDbContext>(o => o.UseNpgsql(connectionString));
        return services.BuildServiceProvider();
    }

}
