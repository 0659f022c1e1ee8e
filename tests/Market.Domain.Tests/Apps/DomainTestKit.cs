using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Domain.Tests.Apps;

/// <summary>Apps and tasks driven through their transitions, as the use cases drive them.</summary>
internal static class DomainTestKit
{
    public static readonly DateTime T0 = new(2026, 5, 15, 6, 36, 6, DateTimeKind.Utc);

    public static readonly IReadOnlyList<AppEntrance> OneEntrance = [new AppEntrance { Name = "web", Title = "Web", State = AppEntrance.NotReady }];

    public static AppListing Listing(string version = "1.0.0", IReadOnlyList<AppEntrance>? entrances = null, string title = "Firefox") =>
        new("upload", "a1b2c3d4", version, title, "icon.png", entrances ?? OneEntrance);

    public static TaskDraft Draft(DateTime? at = null, AppTask? cancelTarget = null) =>
        new("host-a", TimeSpan.FromSeconds(20), "{}", null, at ?? T0) { CancelTarget = cancelTarget };

    public static UserApp NewApp(string name = "firefox", string raw = "firefox") => UserApp.Create("alice", name, raw, T0);

    /// <summary>Runs <paramref name="task"/> to a successful end as the runtime reports it.</summary>
    public static void Succeed(AppTask task, UserApp app, DateTime? at = null)
    {
        task.Start(at ?? T0);
        task.RecordOperation("op-" + task.Id, null, at ?? T0);
        task.Finish(app, new RuntimeReport(AppStateMachine.DoneStateOf(task.Type).ToWire()), OperationOutcome.Completed, at ?? T0);
    }

    public static UserApp Running(string version = "1.0.0")
    {
        var app = NewApp();
        Succeed(app.BeginInstall(Listing(version), Draft()), app);
        return app;
    }
}
