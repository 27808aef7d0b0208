using EmailTriage.Errors;

namespace EmailTriage.Azure;

/// <summary>Azure Storage refused us or could not be reached; the message names EMAILTRIAGE_STORAGE and what to check.</summary>
internal sealed class StorageException : Exception, IKnownFailure
{
    public StorageException(string message, FailureKind kind, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public StorageException(string message)
        : base(message)
    {
    }

    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageException()
    {
    }

    public FailureKind Kind { get; } = FailureKind.ServiceUnavailable;
}
