using System.Text;
using System.Text.Json;

namespace EmailTriage.Mailboxes;

/// <summary>The line each mailbox entry starts on, so an error about its content names the line as JSON syntax errors do.</summary>
internal static class MailboxListLines
{
    public static IReadOnlyList<int> Locate(string json)
    {
        var lines = new List<int>();
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        while (reader.Read())
        {
            // Depth 2: an object in "mailboxes".
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2)
            {
                lines.Add(bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n') + 1);
            }
        }

        return lines;
    }
}
