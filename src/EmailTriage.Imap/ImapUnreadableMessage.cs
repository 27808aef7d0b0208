using System.Text;
using EmailTriage.Mailboxes;

namespace EmailTriage.Imap;

/// <summary>
/// A message the server holds that could not be fetched even alone (a 200 KB header MailKit's parser refuses, say), handed
/// over as what any unreadable mail reads as: no sender, subject or text. The classifier gives it the label file's
/// fallback, or without one leaves it with that reason, and the run goes on. The fetch's error travels in a header of our
/// own for whoever reads the headers; the log has it too.
/// </summary>
internal static class ImapUnreadableMessage
{
    public const string Header = "X-EmailTriage-Unreadable";

    public static MailboxItem Item(string id, string reason)
    {
        var oneLine = string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return MailboxItem.FromBytes(id, Encoding.UTF8.GetBytes($"{Header}: {oneLine[..Math.Min(oneLine.Length, 500)]}\r\n\r\n"));
    }
}
