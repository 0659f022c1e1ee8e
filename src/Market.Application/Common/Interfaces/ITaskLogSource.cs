namespace Market.Application.Common.Interfaces;

/// <summary>The log lines Market wrote under one trace (the trace of the request that created a task), oldest first.</summary>
public interface ITaskLogSource
{
    IReadOnlyList<string> LinesOf(string traceId);
}

/// <summary>Market's version and configuration as a bug report may show them: every value that could be a secret masked.</summary>
public interface IMarketConfigurationView
{
    string Version { get; }

    IReadOnlyDictionary<string, string> MaskedSettings();
}
