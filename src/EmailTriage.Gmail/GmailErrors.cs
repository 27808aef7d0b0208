using Google;

namespace EmailTriage.Gmail;

/// <summary>Which exceptions mean "this Gmail call failed" (leave the messages for the next run) rather than a bug.</summary>
internal static class GmailErrors
{
    public static bool IsCallFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        GoogleApiException or HttpRequestException or IOException => true,

        // An answer that is not the JSON it should be.
        Newtonsoft.Json.JsonException => true,

        // A timeout, not the caller giving up.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,

        // BatchRequest fails this way when the batch answer is not multipart (an error page from a proxy).
        InvalidOperationException or FormatException or IndexOutOfRangeException => true,
        _ => false,
    };

    public static string Describe(Exception ex) => ex switch
    {
        GoogleApiException api => $"HTTP {(int)api.HttpStatusCode} {api.Error?.Message ?? api.Message}",
        OperationCanceledException => "timed out",
        _ => ex.Message,
    };
}
