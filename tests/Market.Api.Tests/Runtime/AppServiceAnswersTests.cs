using System.Net;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Infrastructure.Runtime.Olares;

namespace Market.Api.Tests.Runtime;

/// <summary>How app-service's answer to an operation is read (<see cref="AppServiceAnswers"/>), without HTTP.</summary>
public sealed class AppServiceAnswersTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    [Test]
    public void An_accepted_operation_keeps_app_service_s_id_and_data()
    {
        var answer = AppServiceAnswers.Classify(OpType.Install, HttpStatusCode.OK, """{"code":200,"message":"ok","data":{"opID":"op-7"}}""", Now);

        Assert.That((answer.Accepted, answer.OperationId, answer.Code, answer.Message), Is.EqualTo((true, "op-7", 200, "ok")));
        Assert.That(answer.Data!.ToJsonString(), Is.EqualTo("""{"opID":"op-7"}"""));
    }

    [Test]
    public void Accepted_without_an_id_an_install_cannot_be_followed_but_a_stop_gets_a_synthetic_one()
    {
        var install = AppServiceAnswers.Classify(OpType.Install, HttpStatusCode.OK, """{"code":0}""", Now);
        Assert.That((install.Accepted, install.OperationId), Is.EqualTo((true, (string?)null)));

        var stop = AppServiceAnswers.Classify(OpType.Stop, HttpStatusCode.OK, """{"code":0}""", Now);
        Assert.That((stop.OperationId, stop.Code), Is.EqualTo(("olares-stop-1700000000000", 200)));
    }

    [Test]
    public void A_refusal_names_the_operation_its_id_and_app_service_s_words()
    {
        var answer = AppServiceAnswers.Classify(OpType.Upgrade, HttpStatusCode.BadRequest,
            """{"code":422,"message":"missing envs","data":{"opID":"op-9","envs":["KEY"]}}""", Now);

        Assert.That((answer.Accepted, answer.HttpStatus, answer.Code, answer.Error),
            Is.EqualTo((false, 400, 422, "appservice: upgrade op_id=op-9 code=422: missing envs")));
        Assert.That(answer.Data!["envs"]!.ToJsonString(), Is.EqualTo("""["KEY"]"""));
    }

    [Test]
    public void A_business_error_inside_a_200_is_a_refusal_too() =>
        Assert.That(AppServiceAnswers.Classify(OpType.Install, HttpStatusCode.OK, """{"code":500,"message":"chart not found"}""", Now).Error,
            Is.EqualTo("appservice: install code=500: chart not found"));

    [TestCase(HttpStatusCode.NotFound, "appservice: app not found")]
    [TestCase(HttpStatusCode.Forbidden, "appservice: unauthorized")]
    [TestCase(HttpStatusCode.Conflict, "appservice: unexpected HTTP status 409")]
    public void A_bare_http_error_is_explained_by_its_status(HttpStatusCode status, string error) =>
        Assert.That(AppServiceAnswers.Classify(OpType.Resume, status, "not json", Now).Error, Is.EqualTo(error));

    [Test]
    public void A_200_that_is_not_a_json_object_is_refused_as_an_invalid_body() =>
        Assert.That(AppServiceAnswers.Classify(OpType.Install, HttpStatusCode.OK, "[1,2]", Now).Error,
            Is.EqualTo("appservice: invalid response body: not a JSON object"));

    [Test]
    public void A_5xx_is_an_outage_the_engine_retries() =>
        Assert.That(() => AppServiceAnswers.Classify(OpType.Install, HttpStatusCode.BadGateway, string.Empty, Now),
            Throws.InstanceOf<RuntimeUnavailableException>().With.Message.EqualTo("appservice: service unavailable: HTTP 502"));
}
