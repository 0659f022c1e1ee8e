using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure;

/// <summary>Recognises the options validation failures that stop the host at start and words them for an operator.</summary>
public static partial class ConfigurationErrors
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
        return failures is null ? null : "invalid configuration: " + string.Join("; ", failures.Select(Unwrap).Distinct());
    }

    /// <summary>
    /// Data-annotation failures arrive as "DataAnnotation validation failed for 'X' members: 'Y' with the error: '…'.";
    /// the inner message already names the setting (every attribute carries the full key).
    /// </summary>
    private static string Unwrap(string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        return match.Success ? match.Groups["error"].Value : failure;
    }

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
