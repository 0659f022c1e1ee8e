using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure;

/// <summary>Recognises the options validation failures that stop the host at start.</summary>
public static class ConfigurationErrors
{
    /// <summary>The failures' messages joined, or null when <paramref name="exception"/> is not a configuration error.</summary>
    public static string? Describe(Exception exception)
    {
        var failures = exception switch
        {
            OptionsValidationException single => single.Failures,
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
                many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures),
            _ => null,
        };
        return failures is null ? null : "invalid configuration: " + string.Join("; ", failures.Distinct());
    }
}
