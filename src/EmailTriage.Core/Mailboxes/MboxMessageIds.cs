using System.Security.Cryptography;
using MimeKit;
using MimeKit.IO;
using MimeKit.Utils;

namespace EmailTriage.Mailboxes;

/// <summary>
/// Ids for the messages of an mbox file that survive a rewrite of the file (a message removed, one added): the message's
/// Message-ID, else a hash of its header block; a second message with the same id gets "~2", and so on.
/// </summary>
internal static class MboxMessageIds
{
    // A header block is rarely over a few KiB; a message whose headers go on past this is identified by what fits.
    private const int MaxHeaderBytes = 64 * 1024;

    // Header parsing here is often the first use of MimeKit in a run.
    static MboxMessageIds() => EmailTriage.Mail.CodePages.EnsureRegistered();

    public static IEnumerable<MboxMessage> Scan(string file, string name)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        // One handle for every header block of the file, not one open per message: a Takeout export holds thousands.
        using var headerReader = File.OpenRead(file);
        foreach (var (start, length) in MboxIndex.Scan(file))
        {
            var key = KeyOf(Window(headerReader, start, length, leaveOpen: true));
            var count = seen[key] = seen.GetValueOrDefault(key) + 1;
            yield return new MboxMessage($"{name}#{key}{(count > 1 ? $"~{count}" : string.Empty)}", $"{name}#{start}", start, length);
        }
    }

    /// <summary>A window on the file from the first header line, not a copy: the reader takes only the bytes it needs.</summary>
    public static Stream OpenMessage(string file, long start, long length) => Window(File.OpenRead(file), start, length, leaveOpen: false);

    private static BoundStream Window(Stream file, long start, long length, bool leaveOpen)
    {
        var message = new BoundStream(file, start, start + length, leaveOpen);

        // The "From sender date" separator line belongs to the mbox, not to the message.
        int next;
        while ((next = message.ReadByte()) >= 0 && next != '\n')
        {
        }

        return message;
    }

    private static string KeyOf(Stream message)
    {
        using (message)
        {
            var headers = ReadHeaderBlock(message);
            try
            {
                var list = HeaderList.Load(new MemoryStream(headers, writable: false));
                if (list[HeaderId.MessageId] is { } id && MimeUtils.ParseMessageId(id) is { Length: > 0 } parsed)
                {
                    return $"<{parsed}>";
                }
            }
            catch (FormatException)
            {
                // Headers MimeKit cannot parse are still bytes to hash.
            }

            return $"h:{Convert.ToHexStringLower(SHA256.HashData(headers))[..24]}";
        }
    }

    private static byte[] ReadHeaderBlock(Stream message)
    {
        var buffer = new MemoryStream();
        int previous = -1, current;
        while (buffer.Length < MaxHeaderBytes && (current = message.ReadByte()) >= 0)
        {
            buffer.WriteByte((byte)current);
            // A blank line ends the headers; carriage returns are skipped, so "\r\n\r\n" counts as well as "\n\n".
            if (current == '\n' && previous == '\n')
            {
                break;
            }

            if (current != '\r')
            {
                previous = current;
            }
        }

        return buffer.ToArray();
    }
}

/// <summary>One message of an mbox file: its lasting id, the offset id of earlier versions, and where it lies.</summary>
internal sealed record MboxMessage(string Id, string OffsetId, long Start, long Length);
