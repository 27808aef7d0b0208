using System.Buffers;
using System.Text;
using EmailTriage.Mailboxes;
using MimeKit;

namespace EmailTriage.Mail;

/// <summary>
/// Turns the bytes of one message into a <see cref="MailMessage"/>. Reads at most a fixed number of bytes,
/// so a 10 MB message costs what a small one does; any bytes at all give a result.
/// </summary>
public sealed class MailReader(int maxBodyChars)
{
    // 256 KiB covers the headers and the text of nearly any message; a larger body budget reads more, up to 1 MiB.
    private readonly int _maxBytes = Math.Clamp(maxBodyChars * 64, 256 * 1024, 1024 * 1024);

    static MailReader() => CodePages.EnsureRegistered();

    public int MaxBodyChars => maxBodyChars;

    public async Task<MailMessage> ReadAsync(string id, Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_maxBytes);
        try
        {
            var length = await content.ReadAtLeastAsync(buffer.AsMemory(0, _maxBytes), _maxBytes, throwOnEndOfStream: false, cancellationToken);
            return Read(id, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Opens a message of a mailbox listing and reads it under its id.</summary>
    /// <summary>
    /// Reads a message of a mailbox. A message that cannot be got at (a file gone or unreadable, a connection dropped) is
    /// a <see cref="MailboxUnavailableException"/> saying why; whatever its bytes are, they give a message.
    /// </summary>
    public async Task<MailMessage> ReadAsync(MailboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            await using var content = await item.OpenAsync(cancellationToken);
            return await ReadAsync(item.Id, content, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            throw new MailboxUnavailableException(ex.Message, ex);
        }
    }

    /// <summary>A message given as parts (a command line, an HTTP request), read the same way as mail from a mailbox.</summary>
    public async Task<MailMessage> ReadPartsAsync(string id, string from, string subject, string body, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = body } };
        mime.From.Add(MailboxAddress.TryParse(from, out var sender) ? sender : new MailboxAddress(from, from));
        using var stream = new MemoryStream();
        await mime.WriteToAsync(stream, cancellationToken);
        stream.Position = 0;
        return await ReadAsync(id, stream, cancellationToken);
    }

    public MailMessage Read(string id, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return new MailMessage { Id = id, Problem = "the message is empty" };
        }

        // The budget applies before the work: never parse more than the first bytes.
        bytes = bytes[..Math.Min(bytes.Length, _maxBytes)];
        MimeMessage mime;
        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            mime = MimeMessage.Load(stream);
        }
        catch (FormatException ex)
        {
            return FromRawText(id, bytes, $"not a MIME message ({ex.Message.TrimEnd('.')})");
        }

        return FromMime(id, mime);
    }

    private MailMessage FromMime(string id, MimeMessage mime)
    {
        var sender = mime.From.Mailboxes.FirstOrDefault() ?? mime.Sender;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in mime.Headers)
        {
            headers.TryAdd(header.Field, header.Value);
        }

        string body;
        string? problem = null;
        try
        {
            body = mime.TextBody is { } text && !string.IsNullOrWhiteSpace(text)
                ? text
                : mime.HtmlBody is { Length: > 0 } html ? HtmlText.ToText(html, maxBodyChars * 4) : string.Empty;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            body = string.Empty;
            problem = $"the body could not be decoded ({ex.Message.TrimEnd('.')})";
        }

        if (sender is null && string.IsNullOrEmpty(mime.Subject) && body.Length == 0)
        {
            problem ??= "no sender, subject or text could be read";
        }

        return new MailMessage
        {
            Id = id,
            From = sender is null ? string.Empty : string.IsNullOrWhiteSpace(sender.Name) ? sender.Address : $"{sender.Name} <{sender.Address}>",
            FromAddress = sender?.Address?.ToLowerInvariant() ?? string.Empty,
            To = string.Join(", ", mime.To.Mailboxes.Take(5).Select(m => m.Address)),
            Subject = mime.Subject?.Trim() ?? string.Empty,
            Date = mime.Date == DateTimeOffset.MinValue ? null : mime.Date,
            ListId = headers.GetValueOrDefault("List-Id"),
            Headers = headers,
            Body = BodyText.Clean(body, maxBodyChars),
            Attachments = [.. mime.Attachments.Select(a => a.ContentDisposition?.FileName ?? a.ContentType.Name ?? "unnamed").Take(10)],
            Problem = problem,
        };
    }

    private MailMessage FromRawText(string id, ReadOnlySpan<byte> bytes, string problem)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, maxBodyChars * 4)]);
        return new MailMessage { Id = id, Body = BodyText.Clean(text, maxBodyChars), Problem = problem };
    }
}
