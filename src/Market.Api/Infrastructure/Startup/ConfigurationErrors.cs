using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure.Startup;

/// <summary>Recognises the configuration failures that stop the host at start and words them for an operator.</summary>
public static partial class ConfigurationErrors
{
    /// <summary>The failures' messages joined, or null when <paramref name="exception"/> is not a configuration error.</summary>
    public static string? Describe(Exception exception)
    {
        var failures = exception switch
        {
            OptionsValidationException single => single.Failures.Select(Unwrap),
            InvalidOperationException binding when Conversion(binding) is { } converted => [converted],
            AggregateException many when many.InnerExceptions.All(e => Describe(e) is not null) =>
                many.InnerExceptions.Select(e => Describe(e)!["invalid configuration: ".Length..]),
            _ => null,
        };
        return failures is null ? null : "invalid configuration: " + string.Join("; ", failures.Distinct());
    }

    /// <summary>
    /// The binder's "Failed to convert configuration value at 'Market:Tasks:Concurrency' to type 'System.Int32'." becomes
    /// "Market:Tasks:Concurrency must be a whole number". The value itself is never repeated: it may be a secret.
    /// </summary>
    private static string? Conversion(InvalidOperationException exception)
    {
        var match = FailedConversion().Match(exception.Message);
        return match.Success ? $"{match.Groups["key"].Value} must be {ExpectedForm(match.Groups["type"].Value)}" : null;
    }

    private static string ExpectedForm(string typeName)
    {
        var type = Type.GetType(typeName);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => $"a value of type {typeName}",
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
            _ when type == typeof(TimeSpan) => "a duration such as 00:00:30",
            _ when type == typeof(Uri) => "an absolute URL",
            _ => $"a value of type {type.Name}",
        };
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

    [GeneratedRegex(@"^Failed to convert configuration value (?:'.*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex FailedConversion();
}
