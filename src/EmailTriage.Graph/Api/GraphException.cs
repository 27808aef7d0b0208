namespace EmailTriage.Graph.Api;

/// <summary>Graph answered a call with an error (after the retries it deserved): the status, Graph's code and message.</summary>
internal sealed class GraphException : Exception
{
    public GraphException(string what, GraphResponse response)
        : base($"{what}: {response.Describe()}")
    {
        Status = response.Status;
        Code = response.ErrorCode;
        RetryAfter = response.RetryAfter;
    }

    public GraphException(string message)
        : base(message)
    {
    }

    public GraphException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GraphException()
    {
    }

    public int Status { get; }

    public string? Code { get; }

    public TimeSpan? RetryAfter { get; }
}
