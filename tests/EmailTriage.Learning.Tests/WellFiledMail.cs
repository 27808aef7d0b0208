using EmailTriage.Mail;

namespace EmailTriage.Learning.Tests;

/// <summary>
/// A made-up mailbox large enough for the gate to open: 40 messages of each of three labels over 40 days, so the newest
/// 20% held out (24 messages) measures a precision. The newsletters come from many writers of one list.
/// </summary>
internal static class WellFiledMail
{
    public static readonly string[] Labels = ["Work", "Family", "Newsletters"];

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static MailMessage Work(int i, int day) =>
        Message($"w{i}", i % 2 == 0 ? "boss@acme.example" : "colleague@acme.example", $"Quarterly budget review {i}", "Please review the budget spreadsheet before the meeting with the project team.", day);

    public static MailMessage Family(int i, int day) =>
        Message($"f{i}", i % 2 == 0 ? "mum@family.example" : "brother@family.example", $"Sunday dinner plans {i}", "Grandma is coming, bring the kids and the dog to dinner.", day);

    // Each issue comes from one of many writers of the same list, so the memories know every sender but no correction of one speaks for the next.
    public static MailMessage Newsletter(int i, int day) =>
        Message($"n{i}", $"writer{i}@news.example", $"Weekly digest issue {i}", "Top stories this week, unsubscribe at any time.", day, listId: "Weekly <weekly.news.example>");

    public static DateTimeOffset Day(int day) => Start.AddDays(day);

    /// <param name="newslettersPerDay">Issues a day, each from its own writer: with 3, the held-out part holds enough mail from senders never filed to measure a gate for it.</param>
    public static List<TrainingExample> Mailbox(int newslettersPerDay = 1)
    {
        var mail = new List<TrainingExample>();
        for (var i = 0; i < 40; i++)
        {
            mail.Add(new(Work(i, i), "Work"));
            mail.Add(new(Family(i, i), "Family"));
            for (var k = 0; k < newslettersPerDay; k++)
            {
                mail.Add(new(Newsletter((i * newslettersPerDay) + k, i), "Newsletters"));
            }
        }

        return mail;
    }

    public static MailMessage Message(string id, string from, string subject, string body, int day, string? listId = null) => new()
    {
        Id = id,
        From = from,
        FromAddress = from,
        To = "me@home.example",
        Subject = subject,
        Body = body,
        Date = Start.AddDays(day),
        ListId = listId,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Message-ID"] = $"<{id}@made.up>" },
    };
}
