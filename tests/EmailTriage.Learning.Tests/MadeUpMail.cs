using EmailTriage.Learning;
using EmailTriage.Mail;

namespace EmailTriage.Learning.Tests;

/// <summary>Small mailboxes we invent: three kinds of mail with their own senders and words.</summary>
internal static class MadeUpMail
{
    public static readonly string[] Labels = ["Work", "Family", "Newsletters"];

    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static MailMessage Message(string id, string from, string subject, string body, int day, string? inReplyTo = null, string? listId = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Message-ID"] = $"<{id}@made.up>" };
        if (inReplyTo is not null)
        {
            headers["In-Reply-To"] = $"<{inReplyTo}@made.up>";
        }

        return new MailMessage
        {
            Id = id,
            From = from,
            FromAddress = from,
            To = "me@home.example",
            Subject = subject,
            Body = body,
            Date = Start.AddDays(day),
            ListId = listId,
            Headers = headers,
        };
    }

    /// <summary>Fifteen of each label over 45 days, in date order.</summary>
    public static List<TrainingExample> Mailbox()
    {
        var mail = new List<TrainingExample>();
        for (var i = 0; i < 15; i++)
        {
            mail.Add(new(Message($"w{i}", i % 2 == 0 ? "boss@acme.example" : "colleague@acme.example", $"Quarterly budget review {i}", "Please review the budget spreadsheet before the meeting with the project team.", i * 3), "Work"));
            mail.Add(new(Message($"f{i}", i % 2 == 0 ? "mum@family.example" : "brother@family.example", $"Sunday dinner plans {i}", "Grandma is coming, bring the kids and the dog to dinner.", i * 3 + 1), "Family"));
            mail.Add(new(Message($"n{i}", "digest@news.example", $"Weekly digest issue {i}", "Top stories this week, unsubscribe at any time.", i * 3 + 2, listId: "Weekly <weekly.news.example>"), "Newsletters"));
        }

        return mail;
    }

    public static LearningOptions Options(double target = 0.95) => new() { TargetPrecision = target };
}
