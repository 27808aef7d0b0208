namespace EmailTriage.Errors;

/// <summary>An exception that says what kind of failure it is; its message is for the user.</summary>
public interface IKnownFailure
{
    FailureKind Kind { get; }
}
