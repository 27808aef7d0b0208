using System.Text;
using System.Text.Json;

namespace EmailTriage.Mailboxes;

/// <summary>
/// A folder mailbox's <c>labels.jsonl</c>: one record per line, each appended and flushed to disk the moment its message is
/// decided. A last line cut short (a kill during the write, a full disk) is not a record: it is ignored, and cut off
/// before the next record is appended.
/// </summary>
internal sealed class LabelRecordFile : IDisposable
{
    private readonly FileStream _stream;

    private LabelRecordFile(FileStream stream) => _stream = stream;

    /// <summary>Records in order, and where a torn last line starts (null when there is none).</summary>
    public static (IReadOnlyList<FolderRecord> Records, long? TornAt) Read(string path)
    {
        if (!File.Exists(path))
        {
            return ([], null);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Parse(path, stream);
    }

    /// <summary>Opens the record for appending; repairs a torn last line. Throws when the folder cannot be written.</summary>
    public static (LabelRecordFile File, IReadOnlyList<FolderRecord> Records, long? TornAt) OpenForAppend(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var (records, tornAt) = Parse(path, stream);
            if (tornAt is { } torn)
            {
                stream.SetLength(torn);
            }

            stream.Position = stream.Length;

            // A line added by hand in an editor often lacks the final newline; appending right after it would join two records.
            if (stream.Length > 0 && LastByte(stream) != '\n')
            {
                stream.WriteByte((byte)'\n');
            }

            stream.Flush(flushToDisk: true);
            return (new LabelRecordFile(stream), records, tornAt);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Append(IEnumerable<FolderRecord> records)
    {
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(JsonSerializer.Serialize(record, FolderRecordJsonContext.Default.FolderRecord)).Append('\n');
        }

        // One write, then to the disk: a kill or a power cut loses at most this group, never a record already reported.
        _stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        _stream.Flush(flushToDisk: true);
    }

    public void Dispose() => _stream.Dispose();

    private static (IReadOnlyList<FolderRecord> Records, long? TornAt) Parse(string path, FileStream stream)
    {
        stream.Position = 0;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var records = new List<FolderRecord>();
        var start = 0;
        var lineNumber = 0;
        while (start < bytes.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var line = bytes.AsSpan(start, (end < 0 ? bytes.Length : end) - start);
            if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                try
                {
                    records.Add(JsonSerializer.Deserialize(line, FolderRecordJsonContext.Default.FolderRecord)!);
                }
                catch (JsonException) when (end < 0)
                {
                    // Nothing ends a torn write, so only an unfinished last line can be one; any other bad line was edited.
                    return (records, start);
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"{path} line {lineNumber} is not a label record: {ex.Message} Fix or remove that line.", ex);
                }
            }

            start = end < 0 ? bytes.Length : end + 1;
        }

        return (records, null);
    }

    private static int LastByte(FileStream stream)
    {
        stream.Position = stream.Length - 1;
        var last = stream.ReadByte();
        stream.Position = stream.Length;
        return last;
    }
}
