using System.Text.Json.Serialization;

namespace Market.Infrastructure.Runtime.Olares.Wire;

// app-service's contract as Market reads it (original-data-and-sync §10): only the fields Market uses.
// Every property is lenient (see LenientConverters): a field of the wrong kind reads as absent, as the
// original Go client does, so one odd field never loses the whole app or announcement.
// The setters are public only for the generated reader: the generator passes init-only properties like
// constructor arguments, which turns an absent field into null instead of keeping its "" default.

/// <summary>One app of <c>/app-service/v1/all/apps</c>.</summary>
internal sealed record AppServiceApp
{
    [JsonPropertyName("spec")]
    [JsonConverter(typeof(LenientObjectConverter<AppServiceSpec>))]
    public AppServiceSpec? Spec { get; set; }

    [JsonPropertyName("status")]
    [JsonConverter(typeof(LenientObjectConverter<AppServiceStatus>))]
    public AppServiceStatus? Status { get; set; }
}

/// <summary>An app's <c>spec</c>: who owns it and whether it is a system app.</summary>
internal sealed record AppServiceSpec
{
    [JsonPropertyName("name")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("owner")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string Owner { get; set; } = string.Empty;

    [JsonPropertyName("isSysApp")]
    [JsonConverter(typeof(LenientBoolConverter))]
    public bool IsSysApp { get; set; }

    /// <summary>An app is the operation's when it has its name and belongs to its user (or to nobody named).</summary>
    public bool Is(string appName, string user) => Name == appName && (Owner.Length == 0 || Owner == user);
}

/// <summary>An app's <c>status</c>: its state, the operation it is in and its entrances.</summary>
internal sealed record AppServiceStatus : AppServiceStateFields
{
    [JsonPropertyName("opId")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string OpId { get; set; } = string.Empty;

    /// <summary>Older app-services spell it <c>opID</c>.</summary>
    [JsonPropertyName("opID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string OpIdUpper { get; set; } = string.Empty;

    [JsonPropertyName("lastTransitionTime")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string LastTransitionTime { get; set; } = string.Empty;

    [JsonPropertyName("statusTime")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string StatusTime { get; set; } = string.Empty;

    /// <summary>The operation id under either spelling.</summary>
    public string AnyOpId => OpId.Length > 0 ? OpId : OpIdUpper;

    /// <summary>When the state last changed under either name.</summary>
    public string ChangedAt => LastTransitionTime.Length > 0 ? LastTransitionTime : StatusTime;
}

/// <summary>One of <c>entranceStatuses</c>.</summary>
internal sealed record AppServiceEntranceStatus
{
    [JsonPropertyName("name")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("state")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string State { get; set; } = string.Empty;
}

/// <summary>app-service's <c>AppStateMessage</c> on <c>os.application.&lt;user&gt;</c> (original-data-and-sync §10.1).</summary>
internal sealed record AppStateAnnouncement : AppServiceStateFields
{
    [JsonPropertyName("user")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string User { get; set; } = string.Empty;

    [JsonPropertyName("marketSource")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string MarketSource { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("rawAppName")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string RawAppName { get; set; } = string.Empty;

    [JsonPropertyName("createTime")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string CreateTime { get; set; } = string.Empty;

    [JsonPropertyName("opID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string OpId { get; set; } = string.Empty;

}

/// <summary>What an app's status and an announcement both say: the state, the operation, its progress and the entrances.</summary>
internal abstract record AppServiceStateFields
{
    [JsonPropertyName("state")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string State { get; set; } = string.Empty;

    [JsonPropertyName("opType")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string OpType { get; set; } = string.Empty;

    [JsonPropertyName("progress")]
    [JsonConverter(typeof(LenientProgressConverter))]
    public string? Progress { get; set; }

    [JsonPropertyName("reason")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string Reason { get; set; } = string.Empty;

    [JsonPropertyName("message")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string Message { get; set; } = string.Empty;

    [JsonPropertyName("entranceStatuses")]
    [JsonConverter(typeof(LenientListConverter<AppServiceEntranceStatus>))]
    public IReadOnlyList<AppServiceEntranceStatus>? EntranceStatuses { get; set; }
}
