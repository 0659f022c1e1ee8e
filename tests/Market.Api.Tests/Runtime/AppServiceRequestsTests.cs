using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Infrastructure.Runtime.Olares;

namespace Market.Api.Tests.Runtime;

/// <summary>The bodies app-service is sent, built without HTTP (<see cref="AppServiceRequests"/>).</summary>
public sealed class AppServiceRequestsTests
{
    private const string Repo = "http://charts.local";

    [Test]
    public void An_install_carries_the_repo_the_market_user_and_source_and_only_the_envs_given()
    {
        var request = AppServiceRequests.For(Operation(OpType.Install) with
        {
            Source = "upload",
            Envs = [new AppEnv("PORT", "8080"), new AppEnv("HOST", ValueFrom: new AppEnvRef("OLARES_HOST")), new AppEnv("EMPTY")],
        }, Repo);

        Assert.That((request.Path, request.MarketHeaders), Is.EqualTo(("app-service/v1/apps/my%20app/install", true)));
        Assert.That(request.Body!.ToJsonString(), Is.EqualTo(
            """{"repoUrl":"http://charts.local","source":"custom","x_market_user":"alice","x_market_source":"upload","envs":[{"envName":"PORT","value":"8080"},{"envName":"HOST","valueFrom":{"envName":"OLARES_HOST"}},{"envName":"EMPTY"}]}"""));
    }

    [Test]
    public void A_chosen_compute_mode_is_sent_and_an_empty_one_is_left_to_app_service()
    {
        Assert.That(AppServiceRequests.For(Operation(OpType.Install) with { SelectedGpuType = "nvidia" }, Repo).Body!["selectedGpuType"]!.GetValue<string>(), Is.EqualTo("nvidia"));
        Assert.That(AppServiceRequests.For(Operation(OpType.Install), Repo).Body!.ContainsKey("selectedGpuType"), Is.False);
    }

    [Test]
    public void A_clone_is_an_install_with_its_raw_name_hash_title_and_entrance_titles()
    {
        var body = AppServiceRequests.For(Operation(OpType.Clone) with
        {
            RawAppName = "notes", RequestHash = "abc123", Title = "Work notes", Entrances = [new CloneEntrance("web", "Work")],
        }, Repo).Body!;

        Assert.That((body["rawAppName"]!.GetValue<string>(), body["requestHash"]!.GetValue<string>(), body["title"]!.GetValue<string>()),
            Is.EqualTo(("notes", "abc123", "Work notes")));
        Assert.That(body["entrances"]!.ToJsonString(), Is.EqualTo("""[{"name":"web","title":"Work"}]"""));
        Assert.That(body["repoUrl"]!.GetValue<string>(), Is.EqualTo(Repo));
    }

    [Test]
    public void Cancel_has_no_body_and_stop_and_uninstall_no_market_headers()
    {
        var cancel = AppServiceRequests.For(Operation(OpType.Cancel), Repo);
        Assert.That((cancel.Path, cancel.Body, cancel.MarketHeaders), Is.EqualTo(("app-service/v1/apps/my%20app/cancel?type=operate", (object?)null, false)));

        var stop = AppServiceRequests.For(Operation(OpType.Stop) with { All = true }, Repo);
        Assert.That((stop.Path, stop.Body!.ToJsonString(), stop.MarketHeaders), Is.EqualTo(("app-service/v1/apps/my%20app/suspend", """{"all":true}""", false)));

        var uninstall = AppServiceRequests.For(Operation(OpType.Uninstall) with { DeleteData = true }, Repo);
        Assert.That(uninstall.Body!.ToJsonString(), Is.EqualTo("""{"all":false,"deleteData":true}"""));
    }

    [Test]
    public void A_rollback_or_a_restart_never_reaches_app_service_as_such() =>
        Assert.That(() => AppServiceRequests.For(Operation(OpType.Rollback), Repo), Throws.InstanceOf<ArgumentOutOfRangeException>());

    private static RuntimeOperation Operation(OpType type) => new() { TaskId = "t1", Type = type, User = "alice", AppName = "my app" };
}
