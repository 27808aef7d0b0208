using EmailTriage.Triage;

namespace EmailTriage.Cli.Output;

/// <summary>A failed message's reason as printed, with the fix where the bare error hides it.</summary>
internal static class FailureReason
{
    // .NET decodes Linux file names as UTF-8 and puts U+FFFD where bytes are invalid; the name it lists then opens nothing.
    public static string For(MessageFailure failure) =>
        failure.Id.Contains('\uFFFD', StringComparison.Ordinal) && failure.Reason.Contains("Could not find file", StringComparison.Ordinal)
            ? $"{failure.Reason} The file name is not valid UTF-8 (shown with \uFFFD), so it cannot be opened; rename the file to a UTF-8 name and run again."
            : failure.Reason;
}
