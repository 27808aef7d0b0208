using System.Text;

namespace EmailTriage.Core.Tests.Support;

/// <summary>A small RFC 822 message for tests; only what a test sets differs from a plain text mail.</summary>
public sealed record Eml
{
    public string? From { get; init; } = "Ana Ruiz <ana@home.example>";

    public string To { get; init; } = "me@example.net";

    public string? Subject { get; init; } = "Hello";

    public string ContentType { get; init; } = "text/plain; charset=utf-8";

    public string Body { get; init; } = "Just checking in about next week.";

    public string Date { get; init; } = "Mon, 02 Nov 2026 10:12:33 -0800";

    /// <summary>Extra header lines, written as given, e.g. <c>List-Id: News &lt;news.example.org&gt;</c>.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    public override string ToString()
    {
        var text = new StringBuilder();
        if (From is not null)
        {
            text.Append("From: ").Append(From).Append("\r\n");
        }

        text.Append("To: ").Append(To).Append("\r\n");
        if (Subject is not null)
        {
            text.Append("Subject: ").Append(Subject).Append("\r\n");
        }

        text.Append("Date: ").Append(Date).Append("\r\n");
        foreach (var header in Headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("MIME-Version: 1.0\r\nContent-Type: ").Append(ContentType).Append("\r\n\r\n");
        text.Append(Body.ReplaceLineEndings("\r\n")).Append("\r\n");
        return text.ToString();
    }

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToString());
}
