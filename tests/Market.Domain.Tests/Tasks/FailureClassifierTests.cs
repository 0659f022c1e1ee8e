using Market.Domain.Apps;
using Market.Domain.Tasks;
using static Market.Domain.Tests.Apps.DomainTestKit;

namespace Market.Domain.Tests.Tasks;

/// <summary>The classifier as a table: what app-service (or Market) said → cause, summary and next step. Every cause of the closed set appears.</summary>
public sealed class FailureClassifierTests
{
    private static IEnumerable<TestCaseData> Table()
    {
        TestCaseData Row(FailureEvidence evidence, FailureCause cause, string summary, string nextStep) =>
            new TestCaseData(evidence, cause, summary, nextStep).SetName($"{cause}: {evidence.CheckType ?? evidence.Reason ?? evidence.Message ?? evidence.HttpStatus?.ToString() ?? "?"}");

        yield return Row(new(Reason: "ErrImagePull", Message: "failed to pull image docker.io/x:1: manifest unknown"), FailureCause.ImagePull, "container image could not be downloaded", "Check the network connection and the registry, then retry");
        yield return Row(new(Reason: "ImagePullBackOff"), FailureCause.ImagePull, "container image", "Check the network");
        yield return Row(new(Reason: "DiskPressure", Message: "no space left on device; 2.1 GiB more disk is needed"), FailureCause.DiskFull, "the disk is full: it needs 2.1 GiB more", "Free at least 2.1 GiB of disk, then retry");
        yield return Row(new(CheckType: "disk", HttpStatus: 422, Message: "insufficient disk: 512Mi"), FailureCause.DiskFull, "disk is full", "Free at least 512 MiB of disk, then retry");
        yield return Row(new(Reason: "Unschedulable", Message: "0/1 nodes are available: 1 Insufficient memory"), FailureCause.InsufficientMemory, "not enough free memory", "Free some memory by stopping other apps, then retry");
        yield return Row(new(Reason: "OOMKilled"), FailureCause.InsufficientMemory, "not enough free memory", "memory");
        yield return Row(new(Reason: "Unschedulable", Message: "0/1 nodes are available: 1 Insufficient cpu"), FailureCause.InsufficientCpu, "not enough free CPU", "Stop other apps to free CPU, then retry");
        yield return Row(new(Reason: "Unschedulable", Message: "0/1 nodes are available: 1 Insufficient nvidia.com/gpu"), FailureCause.GpuUnavailable, "no suitable GPU", "Free or add a GPU");
        yield return Row(new(CheckType: "appArch", HttpStatus: 422), FailureCause.ArchUnsupported, "CPU architecture", "supported architecture");
        yield return Row(new(Message: "exec format error"), FailureCause.ArchUnsupported, "CPU architecture", "supported architecture");
        yield return Row(new(CheckType: "olaresVersion", HttpStatus: 422), FailureCause.OlaresVersion, "different Olares version", "Upgrade Olares");
        yield return Row(new(CheckType: "appenv", HttpStatus: 422, Message: "missing required env values: missingValues LEDGERLY_ADMIN_EMAIL"), FailureCause.EnvMissing, "a required setting is missing", "Set LEDGERLY_ADMIN_EMAIL, then retry");
        yield return Row(new(CheckType: "appenv:invalid", HttpStatus: 422, Message: "invalidValues LEDGERLY_PORT"), FailureCause.EnvInvalid, "invalid value", "Correct LEDGERLY_PORT, then retry");
        yield return Row(new(CheckType: "appDependency", HttpStatus: 422), FailureCause.DependencyMissing, "depends on is not installed", "Install");
        yield return Row(new(CheckType: "appConflict", HttpStatus: 422), FailureCause.Conflict, "conflicts", "Uninstall the conflicting app");
        yield return Row(new(HttpStatus: 409, Message: "busy"), FailureCause.Conflict, "conflicts", "Uninstall");
        yield return Row(new(CheckType: "computeModeSelect", HttpStatus: 422), FailureCause.ComputeModeRequired, "compute mode", "Switch the GPU");
        yield return Row(new(HttpStatus: 403, Message: "forbidden"), FailureCause.PurchaseRequired, "has not been bought", "Buy the app first");
        yield return Row(new(HttpStatus: 400, Message: "bad request body"), FailureCause.RuntimeRefused, "refused by the app runtime", "Read the detail");
        yield return Row(FailureEvidence.NotSubmitted("appservice: connection refused", unreachable: true), FailureCause.RuntimeUnreachable, "could not be reached", "Check that app-service is running");
        yield return Row(new(HttpStatus: 503, Message: "upstream"), FailureCause.RuntimeUnreachable, "could not be reached", "app-service");
        yield return Row(new(Reason: "context deadline exceeded"), FailureCause.Timeout, "timed out", "diagnostics bundle");
        yield return Row(new(Reason: "installCancelBySystem"), FailureCause.Canceled, "was canceled", "Start it again");
        yield return Row(new(Reason: "CrashLoopBackOff", Message: "Back-off restarting failed container"), FailureCause.Unhealthy, "did not become healthy", "Roll back");
        yield return Row(new(Reason: "something odd"), FailureCause.Unknown, "did not explain", "Download the diagnostics bundle");
        yield return Row(new(Reason: "already_installed"), FailureCause.AlreadyInstalled, "already installed", "Open or upgrade");
        yield return Row(new(Reason: "name_conflict"), FailureCause.NameConflict, "already uses the name", "clone this one under another name");
        yield return Row(new(Reason: "admin_only"), FailureCause.AdminOnly, "administrator", "Ask an administrator");
    }

    [TestCaseSource(nameof(Table))]
    public void A_runtime_answer_becomes_a_cause_with_a_summary_and_a_next_step(FailureEvidence evidence, FailureCause cause, string summary, string nextStep)
    {
        var task = NewApp().BeginInstall(Listing(), Draft());

        var failure = FailureClassifier.Classify(task, evidence);

        Assert.That(failure.Cause, Is.EqualTo(cause));
        Assert.That(failure.Summary, Does.Contain(summary));
        Assert.That(failure.Summary, Does.EndWith("."), "one plain sentence");
        Assert.That(failure.NextStep, Does.Contain(nextStep));
    }

    [Test]
    public void The_table_covers_every_cause_of_the_closed_set()
    {
        var covered = Table().Select(row => (FailureCause)row.Arguments[1]!).ToHashSet();
        Assert.That(Enum.GetValues<FailureCause>().Except(covered), Is.Empty);
    }

    [Test]
    public void The_wire_names_are_the_documented_closed_set()
    {
        Assert.That(FailureCauses.AllWire, Is.EquivalentTo(new[]
        {
            "unknown", "image_pull", "disk_full", "insufficient_memory", "insufficient_cpu", "gpu_unavailable", "arch_unsupported", "olares_version",
            "env_missing", "env_invalid", "dependency_missing", "conflict", "compute_mode_required", "purchase_required", "runtime_refused",
            "runtime_unreachable", "timeout", "canceled", "unhealthy", "already_installed", "name_conflict", "admin_only",
        }));
    }

    [Test]
    public void A_detail_never_carries_a_secret()
    {
        var task = NewApp().BeginInstall(Listing(), Draft());

        var failure = FailureClassifier.Classify(task, new FailureEvidence(HttpStatus: 400, Message: "bad env ADMIN_PASSWORD=hunter2 token: eyJhbGciOi.eyJzdWIiOi.c2ln"));

        Assert.That(failure.Detail, Does.Not.Contain("hunter2").And.Not.Contain("eyJhbGciOi"));
    }

    [Test]
    public void A_user_cancel_is_explained_as_canceled()
    {
        var app = NewApp();
        var install = app.BeginInstall(Listing(), Draft());
        install.Start(T0);
        install.Finish(app, new RuntimeReport(AppStates.InstallingCanceled, Reason: "canceled by the user"), OperationOutcome.Canceled, T0);

        Assert.That((install.Status, install.Failure!.Cause, install.Timeline[^1].Step), Is.EqualTo((AppTaskStatus.Canceled, FailureCause.Canceled, TaskStepKind.Canceled)));
    }
}
