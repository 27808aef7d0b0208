using EmailTriage.Configuration;
using EmailTriage.MailboxList;

namespace EmailTriage.Imap.Tests;

/// <summary>An <c>imap</c> entry of mailboxes.json on top of the flat IMAP_* settings.</summary>
public sealed class ImapMailboxOpenerTests
{
    private static readonly ImapOptions Flat = new() { Host = "imap.flat.example", Port = 993, Username = "flat", Password = "flat-secret", Folder = "Triage" };

    private static MailboxDefinition Entry(params (string Key, string Value)[] settings) => new()
    {
        Name = "work",
        Kind = MailboxKind.Imap,
        Where = "mailboxes.json line 3",
        Settings = settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase),
        Secrets = new Dictionary<string, MailboxSecret>(StringComparer.OrdinalIgnoreCase) { ["password"] = new("WORK_IMAP_PASSWORD", "work-secret") },
    };

    [Fact]
    public void The_entry_overrides_host_port_user_and_password_and_keeps_the_rest()
    {
        var own = ImapMailboxOpener.OptionsFor(Entry(("host", "imap.work.example"), ("port", "1993"), ("username", "me@work.example")), Flat);

        Assert.Equal(("imap.work.example", 1993, "me@work.example", "work-secret", "Triage"), (own.Host, own.Port, own.Username, own.Password, own.Folder));
        Assert.Equal("imap.flat.example", Flat.Host);
    }

    [Fact]
    public void A_port_that_is_not_a_number_names_the_entry()
    {
        var error = Assert.Throws<SettingsException>(() => ImapMailboxOpener.OptionsFor(Entry(("host", "h"), ("port", "ninety")), Flat));

        Assert.Contains("mailboxes.json line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"ninety\"", error.Message, StringComparison.Ordinal);
    }
}
