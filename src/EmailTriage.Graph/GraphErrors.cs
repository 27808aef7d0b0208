using System.Text.Json;
using EmailTriage.Configuration;
using EmailTriage.Graph.Api;
using EmailTriage.Mailboxes;

namespace EmailTriage.Graph;

/// <summary>Which exceptions mean "this Graph call failed" (leave the messages for the next run) rather than a bug, and what to tell people.</summary>
internal static class GraphErrors
{
    public static bool IsCallFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        GraphException or HttpRequestException or IOException or JsonException => true,

        // A timeout, not the caller giving up.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>A failure of the batch as a whole that one message may cause (halve it); not Graph being unreachable or refusing us.</summary>
    public static bool IsBatchFault(Exception ex) => ex is GraphException { Status: not (401 or 403) } or JsonException;

    public static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "timed out",
        _ => ex.Message,
    };

    /// <summary>
    /// Nothing has been changed yet when these fail, so the whole run can stop and try again next time. A refused sign-in
    /// (401) or permission (403) is a setting to fix, not a network to wait for.
    /// </summary>
    public static Exception Unavailable(GraphHttp http, string what, Exception ex)
    {
        if (ex is SettingsException or MailboxUnavailableException)
        {
            return ex;
        }

        if (ex is GraphException { Status: 401 or 403 } refused)
        {
            return new SettingsException(
                $"Graph at {http.BaseUrl} {what}: it refused the sign-in ({refused.Message}). Check {http.Access.SettingsToFix}; with GRAPH_AUTH=device-code run " +
                "'emailtriage auth graph' again (see docs/graph_setup.md). Nothing was changed.",
                ex);
        }

        return new MailboxUnavailableException(
            $"Graph at {http.BaseUrl} {what} ({Describe(ex)}). Check the network and GRAPH_API_BASE_URL; 'emailtriage check' tests the sign-in. " +
            "Nothing was changed; the next run tries again.",
            ex);
    }
}
