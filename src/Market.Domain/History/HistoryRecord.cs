namespace Market.Domain.History;

/// <summary>An append-only audit record. <see cref="Extended"/> is a JSON string and never carries secrets.</summary>
public class HistoryRecord
{
    private HistoryRecord()
    {
    }

    public HistoryRecord(string type, string message, long time, string app, string account, string extended)
    {
        if (string.IsNullOrEmpty(account))
        {
            throw new ArgumentException("account field cannot be empty", nameof(account));
        }

        Type = type;
        Message = message;
        Time = time;
        App = app;
        Account = account;
        Extended = extended;
    }

    public long Id { get; private set; }

    public string Type { get; private set; } = string.Empty;

    public string Message { get; private set; } = string.Empty;

    /// <summary>Unix seconds.</summary>
    public long Time { get; private set; }

    public string App { get; private set; } = string.Empty;

    public string Account { get; private set; } = string.Empty;

    public string Extended { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}
