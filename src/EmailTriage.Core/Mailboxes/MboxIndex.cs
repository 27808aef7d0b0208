namespace EmailTriage.Mailboxes;

/// <summary>
/// Finds where each message of an mbox file (what Google Takeout exports) starts and ends, reading the file
/// once in blocks, so a large export is never held in memory.
/// </summary>
internal static class MboxIndex
{
    // Enough of a line to see "From <sender> <weekday>"; lines are examined only this far.
    private const int LookAhead = 256;

    private static ReadOnlySpan<byte> Marker => "From "u8;

    public static IEnumerable<(long Start, long Length)> Scan(string path)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        long position = 0;
        long? start = null;
        var atLineStart = true;
        var carry = 0;
        int read;
        while ((read = file.Read(buffer, carry, buffer.Length - carry)) > 0 || carry > 0)
        {
            var length = carry + read;
            var limit = read == 0 ? length : length - LookAhead;
            var i = 0;
            for (; i < limit; i++)
            {
                // Only up to length: past it the buffer still holds bytes of the previous block.
                if (atLineStart && IsSeparator(buffer.AsSpan(i, Math.Min(LookAhead, length - i)), position + i == 0))
                {
                    if (start is { } previous)
                    {
                        yield return (previous, position + i - previous);
                    }

                    start = position + i;
                }

                atLineStart = buffer[i] == (byte)'\n';
            }

            carry = length - i;
            Array.Copy(buffer, i, buffer, 0, carry);
            position += i;
            if (read == 0)
            {
                break;
            }
        }

        if (start is { } last && position + carry > last)
        {
            yield return (last, position + carry - last);
        }
    }

    /// <summary>
    /// An mbox separator is "From &lt;sender&gt; &lt;asctime date&gt;", e.g. "From 1780@xxx Wed Oct 29 16:49:33 +0000 2025".
    /// A body line that merely starts with "From " ("From here on we talk.") is not one, unless it opens the file.
    /// </summary>
    private static bool IsSeparator(ReadOnlySpan<byte> text, bool atFileStart)
    {
        if (!text.StartsWith(Marker))
        {
            return false;
        }

        if (atFileStart)
        {
            return true;
        }

        var rest = text[Marker.Length..];
        var space = rest.IndexOf((byte)' ');
        if (space <= 0 || rest.Length < space + 4)
        {
            return false;
        }

        var day = rest.Slice(space + 1, 3);
        return day.SequenceEqual("Mon"u8) || day.SequenceEqual("Tue"u8) || day.SequenceEqual("Wed"u8) || day.SequenceEqual("Thu"u8)
            || day.SequenceEqual("Fri"u8) || day.SequenceEqual("Sat"u8) || day.SequenceEqual("Sun"u8);
    }
}
