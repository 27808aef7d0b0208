using EmailTriage.Core.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Mail;

namespace EmailTriage.Core.Tests.Labels;

public sealed class LabelFileDraftTests
{
    private static MailMessage Message(string from, string subject, int day) =>
        new() { Id = subject, FromAddress = from, Subject = subject, Date = new DateTimeOffset(2026, 11, day, 9, 0, 0, TimeSpan.Zero) };

    [Fact]
    public void The_draft_is_a_valid_label_file_with_one_label_per_folder_described_from_its_mail()
    {
        var filed = new Dictionary<string, IReadOnlyList<MailMessage>>
        {
            ["Projects/Atlas"] = [Message("a@atlas.example", "Kick-off", 1), Message("b@atlas.example", "Budget \"v2\"", 2), Message("c@other.example", "Notes", 3)],
            ["Receipts"] = [Message("shop@store.example", "Your order", 4)],
        };

        var config = LabelConfigLoader.Parse(LabelFileDraft.Write(filed), "drafted.json");

        Assert.Equal(["Projects/Atlas", "Receipts"], config.Labels.Select(l => l.Name));
        Assert.Equal(
            "Filed mail (3 messages), mostly from atlas.example (67 %), other.example (33 %); subjects like \"Notes\", \"Budget \"v2\"\", \"Kick-off\".",
            config.Labels[0].Description);
    }
}
