using EmailTriage.Configuration;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Imap.Tests;

/// <summary>An <c>imap</c> entry of mailboxes.json on top of the flat IMAP_* settings.</summary>
public sealed class ImapKindTests
{
    private static readonly ImapOptions Flat = new() { Host = "imap.flat.example", Port = 993, Username = "flat", Password = "flat-secret", Folder = "Triage" };

    private static MailboxDefinition Entry(params (string Key, string Value)[] settings) => new()
    {
        Name = "work",
        Kind = "imap",
        Where = "mailboxes.json line 3",
        Listed = true,
        Settings = settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase),
        Secrets = new Dictionary<string, MailboxSecret>(StringComparer.OrdinalIgnoreCase) { ["password"] = new("WORK_IMAP_PASSWORD", "work-secret") },
    };

    [Fact]
    public void The_entry_overrides_host_port_user_and_password_and_keeps_the_rest()
    {
        var own = ImapMailboxFactory.OptionsFor(Entry(("host", "imap.work.example"), ("port", "1993"), ("username", "me@work.example")), Flat);

        Assert.Equal(("imap.work.example", 1993, "me@work.example", "work-secret", "Triage"), (own.Host, own.Port, own.Username, own.Password, own.Folder));
        Assert.Equal("imap.flat.example", Flat.Host);
    }

    [Fact]
    public void The_list_checks_an_imap_entry_against_the_kinds_fields()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WORK_IMAP_PASSWORD"] = "pw" }).Build();
        using var services = new ServiceCollection().AddLogging().AddEmailTriage(configuration, Path.GetTempPath()).AddImap(configuration)
            .BuildServiceProvider();
        var kinds = services.GetRequiredService<MailboxKinds>();

        var list = MailboxListLoader.Parse("""
            {"mailboxes": [
              {"name": "work", "kind": "imap", "host": "imap.work.example", "port": 1993, "username": "me", "passwordSetting": "WORK_IMAP_PASSWORD"},
              {"name": "bad", "kind": "imap", "host": "imap.work.example", "port": "ninety", "passwordSetting": "WORK_IMAP_PASSWORD"},
              {"name": "pasted", "kind": "imap", "host": "imap.work.example", "password": "hunter2"}
            ]}
            """, "mailboxes.json", configuration.GetValue<string>, new AppPaths(Path.GetTempPath()), kinds);

        Assert.Null(list.Require("work").Problem);
        Assert.Equal(("1993", "pw"), (list.Require("work").Setting("port"), list.Require("work").Secret("password")));
        Assert.Contains("\"port\" of mailbox \"bad\" must be a whole number", list.Require("bad").Problem, StringComparison.Ordinal);
        Assert.Contains("\"password\" is not a setting of a imap mailbox", list.Require("pasted").Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", list.Require("pasted").Problem, StringComparison.Ordinal);
    }
}
