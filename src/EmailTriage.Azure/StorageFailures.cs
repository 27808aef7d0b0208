using Azure;
using Azure.Identity;
using EmailTriage.Errors;

namespace EmailTriage.Azure;

/// <summary>Turns the SDK's failures into a <see cref="StorageException"/> that says which setting to look at.</summary>
internal static class StorageFailures
{
    /// <summary>A failure of the service, the network or the sign-in (not a cancellation, not a bug of ours).</summary>
    public static bool Is(Exception exception) => exception switch
    {
        RequestFailedException or AuthenticationFailedException => true,

        // Azure.Core's retry policy gives up with every attempt's exception.
        AggregateException aggregate => aggregate.InnerExceptions.All(Is),
        _ => false,
    };

    /// <param name="action">What was being done: "writing state item 'learned-model.zip'".</param>
    /// <param name="where">Where: the store's description, never a connection string.</param>
    public static StorageException From(Exception exception, string action, string where)
    {
        var cause = exception is AggregateException aggregate ? aggregate.InnerExceptions[^1] : exception;
        return cause switch
        {
            AuthenticationFailedException signIn => new StorageException(
                $"Azure Storage sign-in failed while {action} ({where}). {StorageOptions.SettingName} is an endpoint URL, so Azure.Identity signs in: " +
                "in Azure set AZURE_CLIENT_ID to the client id of the app's user-assigned managed identity; on a Mac run az login; " +
                $"or set {StorageOptions.SettingName} to a connection string instead. {signIn.Message}",
                FailureKind.BadConfiguration,
                exception),
            RequestFailedException { Status: 401 or 403 } refused => new StorageException(
                $"Azure Storage refused {action} ({where}): {refused.Status} {refused.ErrorCode}. Check {StorageOptions.SettingName}: " +
                "a connection string's AccountKey must be one of the account's current keys; with an endpoint URL the signed-in identity needs " +
                "the Storage Blob Data Contributor role on the account.",
                FailureKind.BadConfiguration,
                exception),
            RequestFailedException { Status: 0 } unreachable => new StorageException(
                $"Azure Storage cannot be reached while {action} ({where}): {(unreachable.InnerException?.Message ?? unreachable.Message).TrimEnd('.')}. " +
                $"Check that {StorageOptions.SettingName} names the right account or endpoint, and for Azurite that it is running.",
                FailureKind.ServiceUnavailable,
                exception),
            RequestFailedException failed => new StorageException(
                $"Azure Storage failed {action} ({where}): {failed.Status} {failed.ErrorCode}. Try again later; if it persists, check {StorageOptions.SettingName}.",
                FailureKind.ServiceUnavailable,
                exception),
            _ => new StorageException($"Azure Storage failed {action} ({where}): {cause.Message}", FailureKind.ServiceUnavailable, exception),
        };
    }
}
