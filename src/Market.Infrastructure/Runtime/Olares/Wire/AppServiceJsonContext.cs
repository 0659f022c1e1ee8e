using System.Text.Json.Serialization;

namespace Market.Infrastructure.Runtime.Olares.Wire;

/// <summary>The one source-generated serializer context of app-service's contract: no reflection on the hot ingest path.</summary>
[JsonSerializable(typeof(AppServiceApp))]
[JsonSerializable(typeof(AppServiceSpec))]
[JsonSerializable(typeof(AppServiceStatus))]
[JsonSerializable(typeof(AppServiceEntranceStatus))]
[JsonSerializable(typeof(List<AppServiceApp>))]
[JsonSerializable(typeof(AppStateAnnouncement))]
internal sealed partial class AppServiceJsonContext : JsonSerializerContext;
