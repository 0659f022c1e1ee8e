namespace Market.Domain.Payments;

public enum VcAnswerKind
{
    /// <summary>The licence (VC) was issued.</summary>
    Granted,

    /// <summary>No payment record for this signature (yet).</summary>
    NoRecord,

    /// <summary>The JWS is invalid, expired or incomplete: sign again.</summary>
    NeedResign,
}

/// <summary>
/// How the developer checkout's <c>ActivateAndGrant</c> answer is read (original §3.7):
/// 1100/1101/1604 → re-sign; 1501/1502 and every other positive code → no record; code 0 or absent
/// with a VC → granted; without a VC → no record (the original retried it as a transport error);
/// a negative code is judged by its error text.
/// </summary>
public static class DeveloperAnswer
{
    public static VcAnswerKind Classify(long? code, bool hasVc, string? error)
    {
        switch (code)
        {
            case null or 0:
                return hasVc ? VcAnswerKind.Granted : VcAnswerKind.NoRecord;
            case 1100 or 1101 or 1604:
                return VcAnswerKind.NeedResign;
            case > 0:
                return VcAnswerKind.NoRecord;
        }

        if (hasVc)
        {
            return VcAnswerKind.Granted;
        }

        var text = (error ?? string.Empty).ToLowerInvariant();
        if (text.Contains("no record", StringComparison.Ordinal) || text.Contains("not found", StringComparison.Ordinal) || text.Contains("no data", StringComparison.Ordinal))
        {
            return VcAnswerKind.NoRecord;
        }

        return text.Contains("invalid", StringComparison.Ordinal) || text.Contains("expired", StringComparison.Ordinal)
            || (text.Contains("signature", StringComparison.Ordinal) && text.Contains("fail", StringComparison.Ordinal))
            ? VcAnswerKind.NeedResign
            : VcAnswerKind.NoRecord;
    }
}
