using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;

namespace Market.Infrastructure.Runtime.Olares;

/// <summary>What app-service is sent for an operation: the path, the body (null: none) and whether the market headers go along.</summary>
internal sealed record AppServiceRequest(string Path, JsonObject? Body, bool MarketHeaders);

/// <summary>
/// The request bodies of app-service's operation routes (original-tasks-payment-runtime; olares-current for resume's
/// compute binding), built from the operation alone: pure, so they are tested without HTTP.
/// </summary>
internal static class AppServiceRequests
{
    private const string AppsPath = "app-service/v1/apps/";

    public static AppServiceRequest For(RuntimeOperation operation, string repoUrl)
    {
        var name = Uri.EscapeDataString(operation.AppName);
        return operation.Type switch
        {
            OpType.Install => new($"{AppsPath}{name}/install", WithRepo(InstallBody(operation), repoUrl), true),
            OpType.Clone => new($"{AppsPath}{name}/install", CloneBody(operation, repoUrl), true),
            OpType.Upgrade => new($"{AppsPath}{name}/upgrade", UpgradeBody(operation, repoUrl), true),
            OpType.Uninstall => new($"{AppsPath}{name}/uninstall", new JsonObject { ["all"] = operation.All, ["deleteData"] = operation.DeleteData }, false),
            OpType.Cancel => new($"{AppsPath}{name}/cancel?type=operate", null, false),
            OpType.Stop => new($"{AppsPath}{name}/suspend", new JsonObject { ["all"] = operation.All }, false),
            OpType.Resume => new($"{AppsPath}{name}/resume", ResumeBody(operation), false),

            // A rollback reaches the runtime as an upgrade (TaskRequest.ToOperation); a restart as a stop and a resume.
            OpType.Rollback or OpType.Restart => throw new ArgumentOutOfRangeException(nameof(operation), operation.Type.ToWire(), "not an app-service operation"),
        };
    }

    private static JsonObject InstallBody(RuntimeOperation operation)
    {
        var body = new JsonObject
        {
            ["repoUrl"] = string.Empty,
            ["source"] = ApiSources.For(operation.Source),
            ["x_market_user"] = operation.User,
            ["x_market_source"] = operation.Source,
            ["envs"] = Envs(operation),
        };
        if (operation.SelectedGpuType.Length > 0)
        {
            // Omitted when empty: app-service then picks the only runnable mode, or asks (422 computeModeSelect).
            body["selectedGpuType"] = operation.SelectedGpuType;
        }

        return body;
    }

    /// <summary>No body without a binding (as before); with one, app-service's <c>ResumeRequest</c> <c>{computeBinding}</c>.</summary>
    private static JsonObject? ResumeBody(RuntimeOperation operation) => operation.ComputeBinding.Count == 0
        ? null
        : new JsonObject { ["computeBinding"] = JsonSerializer.SerializeToNode(operation.ComputeBinding, BindingJson) };

    private static readonly JsonSerializerOptions BindingJson = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static JsonObject CloneBody(RuntimeOperation operation, string repoUrl)
    {
        var body = WithRepo(InstallBody(operation), repoUrl);
        if (operation.Entrances.Count > 0)
        {
            body["entrances"] = new JsonArray(operation.Entrances.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["title"] = e.Title }).ToArray());
        }

        body["rawAppName"] = operation.RawAppName;
        body["requestHash"] = operation.RequestHash;
        if (operation.Title.Length > 0)
        {
            body["title"] = operation.Title;
        }

        return body;
    }

    private static JsonObject UpgradeBody(RuntimeOperation operation, string repoUrl) => WithRepo(new JsonObject
    {
        ["repoUrl"] = string.Empty,
        ["version"] = operation.Version,
        ["x_market_user"] = operation.User,
        ["source"] = ApiSources.For(operation.Source),
        ["x_market_source"] = operation.Source,
        ["envs"] = Envs(operation),
    }, repoUrl);

    private static JsonObject WithRepo(JsonObject body, string repoUrl)
    {
        body["repoUrl"] = repoUrl;
        return body;
    }

    private static JsonArray Envs(RuntimeOperation operation) => new(operation.Envs.Select(e =>
    {
        var env = new JsonObject { ["envName"] = e.EnvName };
        if (e.Value.Length > 0)
        {
            env["value"] = e.Value;
        }

        if (e.ValueFrom is not null)
        {
            env["valueFrom"] = e.ValueFrom.EnvName.Length > 0 ? new JsonObject { ["envName"] = e.ValueFrom.EnvName } : new JsonObject();
        }

        return (JsonNode)env;
    }).ToArray());
}
