using System.Text.Json.Nodes;
using Market.Domain.Packages.Manifests;

namespace Market.Application.Packages.Commands.UploadAppPackage;

/// <summary>
/// The values a legacy (template) manifest is rendered with: the owner as <c>.Values.bfl.username</c>,
/// the cluster admin as <c>.Values.admin</c>, the system version, and the owner's zone. Everything else
/// a chart could ask for renders empty, as in the original's hydration render.
/// </summary>
public sealed record ManifestRenderContext(string User, string Admin, string SystemVersion, string Zone)
{
    public JsonObject ToTemplateRoot(string folder, ChartInfo chart) => new()
    {
        ["Values"] = new JsonObject
        {
            ["admin"] = Admin,
            ["bfl"] = new JsonObject { ["username"] = User },
            ["user"] = new JsonObject { ["zone"] = Zone },
            ["sysVersion"] = SystemVersion,
            ["olaresEnv"] = new JsonObject(),
            ["userspace"] = new JsonObject { ["appCache"] = string.Empty, ["appData"] = string.Empty, ["userData"] = string.Empty, ["data"] = string.Empty },
            ["domain"] = new JsonObject(),
            ["GPU"] = new JsonObject(),
        },
        ["Release"] = new JsonObject { ["Name"] = folder, ["Namespace"] = $"{folder}-{User}", ["Service"] = "Helm" },
        ["Chart"] = new JsonObject { ["Name"] = chart.Name, ["Version"] = chart.Version, ["AppVersion"] = chart.AppVersion },
    };
}
