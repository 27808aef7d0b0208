using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailTriage.Classification;

namespace EmailTriage.Mailboxes;

/// <summary>
/// A folder mailbox's <c>labels.jsonl</c>: one record per line, each appended and flushed to disk the moment its message is
/// decided. The user may edit it, so a line that is not a record is kept as it is, read as nothing, and named (see
/// <see cref="UnreadableRecordLine"/>). Only a torn write of the app's own is ever removed: the app writes whole lines,
/// each starting with its <c>source</c>, in one write with the final newline, so an unfinished last line that starts as the
/// app's lines start was cut short by a kill or a power cut during that write, and is cut off before the next record.
/// </summary>
internal sealed partial class LabelRecordFile : IDisposable
{
    // The shortest cut-off start still recognisably the app's ("{"s"): a shorter one could be the start of a hand-written line.
    private const int ShortestTorn = 3;

    private static readonly byte[][] AppLineStarts =
    [
        .. new[] { DecisionSourceNames.Rule, DecisionSourceNames.Learned, DecisionSourceNames.Llm, DecisionSourceNames.Fallback }
            .Select(source => Encoding.UTF8.GetBytes($"{{\"source\":\"{source}\",")),
    ];

    private readonly FileStream _stream;

    private LabelRecordFile(FileStream stream) => _stream = stream;

    /// <summary>What the record holds; nothing when it does not exist.</summary>
    public static LabelRecordContents Read(string path)
    {
        if (!File.Exists(path))
        {
            return LabelRecordContents.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Parse(stream);
    }

    /// <summary>Opens the record for appending; cuts off a torn write of the app's own. Throws when the folder cannot be written.</summary>
    public static (LabelRecordFile File, LabelRecordContents Contents) OpenForAppend(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var contents = Parse(stream);
            if (contents.TornAt is { } torn)
            {
                stream.SetLength(torn);
            }

            stream.Position = stream.Length;

            // A line added by hand in an editor often lacks the final newline; appending right after it would join two lines.
            if (stream.Length > 0 && LastByte(stream) != '\n')
            {
                stream.WriteByte((byte)'\n');
            }

            stream.Flush(flushToDisk: true);
            return (new LabelRecordFile(stream), contents);
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
        var before = _stream.Length;
        try
        {
            _stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // A full disk can take part of the group: those bytes are surely ours, so they go now rather than as a torn line later.
            TryCutBackTo(before);
            throw;
        }
    }

    public void Dispose() => _stream.Dispose();

    private void TryCutBackTo(long length)
    {
        try
        {
            _stream.SetLength(length);
            _stream.Position = length;
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // What is left is a torn line of ours, which the next run recognises and cuts off.
        }
    }

    private static LabelRecordContents Parse(FileStream stream)
    {
        stream.Position = 0;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var records = new List<FolderRecord>();
        var unreadable = new List<UnreadableRecordLine>();
        var start = 0;
        var lineNumber = 0;
        while (start < bytes.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var line = bytes.AsSpan(start, (end < 0 ? bytes.Length : end) - start);
            if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                if (ReadRecord(line, out var problem) is { } record)
                {
                    records.Add(record);
                }
                else if (end < 0 && IsTornAppLine(line))
                {
                    return new LabelRecordContents(records, unreadable, start);
                }
                else
                {
                    unreadable.Add(new UnreadableRecordLine(lineNumber, problem, IdIn(line)));
                }
            }

            start = end < 0 ? bytes.Length : end + 1;
        }

        return new LabelRecordContents(records, unreadable, null);
    }

    /// <summary>The record on <paramref name="line"/>, or null with what is wrong, in words a person editing the file can act on.</summary>
    private static FolderRecord? ReadRecord(ReadOnlySpan<byte> line, out string problem)
    {
        JsonValueKind kind;
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            kind = document.RootElement.ValueKind;
        }
        catch (JsonException ex)
        {
            problem = $"it is not JSON: {ex.Message.TrimEnd('.')}";
            return null;
        }

        if (kind != JsonValueKind.Object)
        {
            problem = kind == JsonValueKind.Null ? "it is null, not an object" : $"it is a JSON {kind.ToString().ToLowerInvariant()}, not an object";
            return null;
        }

        FolderRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(line, FolderRecordJsonContext.Default.FolderRecord);
        }
        catch (JsonException ex)
        {
            problem = $"a value has the wrong type: {ex.Message.TrimEnd('.')}";
            return null;
        }

        problem = record switch
        {
            null => "it is empty",
            { Id: null or { Length: 0 } } => "it has no \"id\" (the message's file name)",
            { Label: null or { Length: 0 } } => "it has no \"label\"",
            _ => string.Empty,
        };
        return problem.Length == 0 ? record : null;
    }

    private static bool IsTornAppLine(ReadOnlySpan<byte> line)
    {
        // The app's line ends with the object's brace; one that has it was finished, by whoever wrote it.
        if (line.TrimEnd(" \t\r"u8).EndsWith("}"u8))
        {
            return false;
        }

        foreach (var start in AppLineStarts)
        {
            if (line.StartsWith(start) || (line.Length >= ShortestTorn && start.AsSpan().StartsWith(line)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The id a line that is not a record seems to name, so its message is left alone rather than decided again.</summary>
    private static string? IdIn(ReadOnlySpan<byte> line)
    {
        var match = IdPattern().Match(Encoding.UTF8.GetString(line));
        if (!match.Success)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize($"\"{match.Groups["id"].Value}\"", FolderRecordJsonContext.Default.String) is { Length: > 0 } id ? id : null;
        }
        catch (JsonException)
        {
            return match.Groups["id"].Value;
        }
    }

    private static int LastByte(FileStream stream)
    {
        stream.Position = stream.Length - 1;
        var last = stream.ReadByte();
        stream.Position = stream.Length;
        return last;
    }

    [GeneratedRegex("\"id\"\\s*:\\s*\"(?<id>(?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
