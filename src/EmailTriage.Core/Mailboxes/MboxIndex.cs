namespace EmailTriage.Mailboxes;

/// <summary>
/// Finds where each message of an mbox file (what Google Takeout exports) starts and ends, reading the file
/// once in blocks, so a large export is never held in memory.
/// </summary>
internal static class MboxIndex
{
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
            var limit = read == 0 ? length : length - Marker.Length;
            var i = 0;
            for (; i < limit; i++)
            {
                // Only up to length: past it the buffer still holds bytes of the previous block.
                if (atLineStart && buffer.AsSpan(i, length - i).StartsWith(Marker))
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
}
