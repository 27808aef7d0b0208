using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace EmailTriage.Imap;

/// <summary>Which exceptions mean "this IMAP command failed" (leave the messages for the next run) rather than a bug.</summary>
internal static class ImapErrors
{
    public static bool IsCallFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        ImapCommandException or ImapProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException => true,
        FolderNotOpenException or FolderNotFoundException or MessageNotFoundException => true,
        IOException or SocketException or SslHandshakeException or TimeoutException => true,

        // A timeout, not the caller giving up.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public static string Describe(Exception ex) => ex switch
    {
        ImapCommandException command => $"the server answered {command.Response}: {command.ResponseText}",
        OperationCanceledException => "timed out",
        _ => ex.Message,
    };
}
