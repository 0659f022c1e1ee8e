using System.Text.Json.Nodes;
using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Sources;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// The task <c>result</c> envelope (original-tasks-payment-runtime §1.8.3), returned as <c>data</c> to
/// synchronous callers: base fields per operation, the runtime's <c>backend_response</c>, <c>opID</c> and
/// <c>status</c> (<c>success</c>/<c>failed</c>). Stop and resume keep <c>{appName, result}</c> with the raw body.
/// </summary>
public static class TaskResults
{
    public static string Accepted(AppTask task, TaskRequest request, RuntimeSubmission submission)
    {
        if (task.Type is OpType.Stop or OpType.Resume)
        {
            return RawCall(task, submission.RawBody);
        }

        var result = Base(task, request);
        result["backend_response"] = BackendResponse(submission);
        result["opID"] = submission.OperationId ?? string.Empty;
        result["status"] = "success";
        return result.ToJsonString();
    }

    public static string Rejected(AppTask task, TaskRequest request, RuntimeSubmission? submission, string error)
    {
        if (task.Type is OpType.Stop or OpType.Resume)
        {
            return RawCall(task, submission?.RawBody ?? string.Empty);
        }

        var result = Base(task, request);
        result["error"] = error;
        result["status"] = "failed";
        if (submission is not null && (submission.Code != 0 || submission.Message.Length > 0 || submission.Data is not null))
        {
            result["backend_response"] = BackendResponse(submission);
        }

        return result.ToJsonString();
    }

    /// <summary><c>{code, message, data?}</c> with the upstream data kept verbatim (e.g. the 422 <c>appenv</c> details).</summary>
    public static JsonObject BackendResponse(RuntimeSubmission submission)
    {
        var response = new JsonObject { ["code"] = submission.Code, ["message"] = submission.Message };
        if (submission.Data is not null)
        {
            response["data"] = submission.Data.DeepClone();
        }

        return response;
    }

    private static string RawCall(AppTask task, string body) =>
        new JsonObject { ["appName"] = task.AppName, ["result"] = body }.ToJsonString();

    private static JsonObject Base(AppTask task, TaskRequest request)
    {
        var source = request.Source.Length > 0 ? request.Source : task.SourceId;
        (string Key, JsonNode? Value)[] rest = task.Type switch
        {
            OpType.Clone =>
            [
                ("app_source", source), ("api_source", ApiSources.For(source)), ("cfgType", request.CfgType),
                ("rawAppName", task.RawAppName), ("requestHash", request.RequestHash), ("title", request.Title),
            ],
            OpType.Upgrade or OpType.Rollback => [("source", source), ("apiSource", ApiSources.For(source)), ("version", task.Version)],
            OpType.Uninstall => [("cfgType", request.CfgType), ("all", request.All), ("deleteData", request.DeleteData)],
            OpType.Cancel => [("uid", task.AppName), ("cfgType", request.CfgType)],
            OpType.Install or OpType.Stop or OpType.Resume or OpType.Restart =>
                [("app_source", source), ("api_source", ApiSources.For(source)), ("cfgType", request.CfgType)],
        };

        // Every result opens with the operation, the app and the user, in the original's key order.
        var result = new JsonObject { ["operation"] = task.Type.ToWire(), ["app_name"] = task.AppName, ["user"] = task.UserId };
        foreach (var (key, value) in rest)
        {
            result[key] = value;
        }

        return result;
    }
}
