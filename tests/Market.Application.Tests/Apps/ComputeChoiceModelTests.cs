using System.Text.Json.Nodes;
using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Domain.Tasks;

namespace Market.Application.Tests.Apps;

/// <summary>The compute choice of 1.12.6+ clients as the task stores it and the runtime receives it.</summary>
public sealed class ComputeChoiceModelTests
{
    private static readonly DateTime T0 = new(2026, 5, 15, 6, 36, 6, DateTimeKind.Utc);

    [Test]
    public void The_chosen_mode_and_binding_survive_the_stored_request_and_reach_the_runtime()
    {
        var request = new TaskRequest
        {
            Source = "upload",
            SelectedGpuType = "nvidia",
            ComputeModes = ["cpu", "nvidia"],
            ComputeBinding = [new ComputeBinding("node-1", "GPU-0", 1024)],
        };
        var app = UserApp.Create("alice", "llm", "llm", T0);
        var task = app.BeginInstall(new AppListing("upload", "a1", "1.0.0", "LLM", "icon.png", []), new TaskDraft("host-a", TimeSpan.FromSeconds(20), request.Write(), null, T0));

        var operation = TaskRequest.Read(task.RequestJson).ToOperation(task, null, null);

        Assert.That(operation.SelectedGpuType, Is.EqualTo("nvidia"));
        Assert.That(operation.ComputeModes, Is.EqualTo(new[] { "cpu", "nvidia" }));
        Assert.That(operation.ComputeBinding, Is.EqualTo(new[] { new ComputeBinding("node-1", "GPU-0", 1024) }));
        var old = TaskRequest.Read("{\"source\":\"upload\"}").ToOperation(task, null, null);
        Assert.That((old.SelectedGpuType, old.ComputeModes.Count, old.ComputeBinding.Count), Is.EqualTo((string.Empty, 0, 0)), "tasks stored before keep working");
    }

    [Test]
    public void The_manifest_modes_and_template_flag_are_read_from_the_catalog_entry()
    {
        var catalog = new CatalogApp("upload", string.Empty, "a1", "llm");
        var entry = new JsonObject
        {
            ["accelerator"] = new JsonArray(new JsonObject { ["mode"] = "cpu" }, new JsonObject { ["mode"] = "nvidia" }, new JsonObject { ["mode"] = "cpu" }),
            ["options"] = new JsonObject { ["templateOnly"] = true },
        };
        catalog.ApplyListing(new CatalogListing("llm", "1.0.0", "app", entry.ToJsonString()), string.Empty, T0);

        var manifest = ManifestEntry.Parse(catalog);

        Assert.That(manifest.ComputeModes, Is.EqualTo(new[] { "cpu", "nvidia" }));
        Assert.That(manifest.TemplateOnly, Is.True);
    }

    [TestCase("computeModeSelect", true)]
    [TestCase("computeBindingRequired", true)]
    [TestCase("computeBindingUnavailable", true)]
    [TestCase("appenv", false)]
    public void Only_the_compute_failed_checks_ask_the_caller_for_a_choice(string type, bool asks) =>
        Assert.That(ComputeFailedChecks.IsFailedCheck(new JsonObject { ["code"] = 422, ["data"] = new JsonObject { ["type"] = type } }), Is.EqualTo(asks));
}
