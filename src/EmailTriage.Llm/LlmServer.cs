namespace EmailTriage.Llm;

/// <summary>One server of a provider, with its own in-flight limit and rest; the mutable state belongs to its pool's lock.</summary>
internal sealed class LlmServer(LlmConnection connection, int limit)
{
    public LlmConnection Connection => connection;

    public int Limit => limit;

    /// <summary>How decisions and logs name it: <c>model@host:port</c>, never credentials.</summary>
    public string Name { get; } = $"{connection.Model}@{connection.Endpoint.Authority}";

    public int InFlight { get; set; }

    public DateTimeOffset RestsUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The rest it had last time it failed; zero once it answers.</summary>
    public TimeSpan LastRest { get; set; }

    /// <summary>Why it rests, for a request that finds every server resting.</summary>
    public LlmException? LastError { get; set; }

    public bool IsReady(DateTimeOffset now) => RestsUntil <= now;

    public bool HasFreeSlot(DateTimeOffset now) => IsReady(now) && InFlight < Limit;
}
