using EmailTriage.Configuration;
using EmailTriage.MailboxList;
using EmailTriage.Testing;
using Microsoft.Extensions.Configuration;

namespace EmailTriage.Core.Tests.MailboxList;

public sealed class MailboxListLoaderTests
{
    private static readonly AppPaths Repo = new(RepoPaths.Root);

    private static readonly Dictionary<string, string?> Settings = new() { ["WORK_REFRESH_TOKEN"] = "1//secret-token" };

    private static EmailTriage.MailboxList.MailboxList Parse(string json) =>
        MailboxListLoader.Parse(json, "/cfg/mailboxes.json", name => Settings.GetValueOrDefault(name), Repo);

    private static MailboxListException Invalid(string json) => Assert.Throws<MailboxListException>(() => Parse(json));

    [Fact]
    public void Reads_gmail_and_folder_mailboxes_with_their_settings()
    {
        var list = Parse("""
            {
              // comments are fine
              "mailboxes": [
                { "name": "work", "kind": "gmail", "refreshTokenSetting": "WORK_REFRESH_TOKEN", "query": "in:inbox", "labels": "config/labels.json" },
                { "name": "samples", "kind": "folder", "path": "samples/inbox" },
              ]
            }
            """);

        Assert.Equal(["work", "samples"], list.Mailboxes.Select(m => m.Name));
        var work = list.Require("WORK");
        Assert.Equal(MailboxKind.Gmail, work.Kind);
        Assert.Equal("in:inbox", work.Query);
        Assert.Equal("1//secret-token", work.Secret("refreshToken"));
        Assert.Equal(Path.Combine(RepoPaths.Root, "config", "labels.json"), work.LabelFile);
        Assert.Equal("/cfg/mailboxes.json line 4", work.Where);
        Assert.Equal("samples/inbox", list.Require("samples").Setting("path"));
        Assert.Null(list.Require("samples").LabelFile);
    }

    [Fact]
    public void Bad_json_names_file_and_line()
    {
        var error = Invalid("{\n  \"mailboxes\": [\n    { \"name\": \"a\", }\n    { }\n  ]\n}");

        Assert.StartsWith("/cfg/mailboxes.json line 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_kind_names_the_line_and_the_kinds()
    {
        var error = Invalid("""
            {"mailboxes": [
              {"name": "a", "kind": "folder", "path": "x"},
              {"name": "b", "kind": "pop3"}
            ]}
            """);

        Assert.Equal("/cfg/mailboxes.json line 3: mailbox \"b\" has the unknown kind \"pop3\". Use \"gmail\", \"imap\" or \"folder\".", error.Message);
    }

    [Fact]
    public void Missing_secret_setting_names_the_setting_and_never_a_value()
    {
        var error = Invalid("""{"mailboxes": [{"name": "home", "kind": "gmail", "refreshTokenSetting": "HOME_REFRESH_TOKEN"}]}""");

        Assert.Contains("line 1: mailbox \"home\" takes its refreshToken from the setting HOME_REFRESH_TOKEN, which is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pasted_secret_is_refused_without_echoing_it()
    {
        var error = Invalid("""{"mailboxes": [{"name": "home", "kind": "gmail", "refreshTokenSetting": "1//0gAbc-secret"}]}""");

        Assert.Contains("must name the setting that holds the secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0gAbc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_field_is_an_unknown_field()
    {
        var error = Invalid("""{"mailboxes": [{"name": "home", "kind": "gmail", "refreshToken": "1//x"}]}""");

        Assert.Contains("unknown field 'refreshToken'", error.Message, StringComparison.Ordinal);
        Assert.Contains("secrets are never in this file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_are_refused_at_the_second()
    {
        var error = Invalid("""
            {"mailboxes": [
              {"name": "mail", "kind": "folder", "path": "a"},
              {"name": "MAIL", "kind": "folder", "path": "b"}
            ]}
            """);

        Assert.Equal("/cfg/mailboxes.json line 3: the mailbox name \"mail\" appears more than once (names are case-insensitive). Give each mailbox its own name.", error.Message);
    }

    [Theory]
    [InlineData("""{"mailboxes": []}""", "no mailboxes")]
    [InlineData("""{"mailboxes": [{"kind": "folder", "path": "a"}]}""", "has no \"name\"")]
    [InlineData("""{"mailboxes": [{"name": "all", "kind": "folder", "path": "a"}]}""", "is not allowed")]
    [InlineData("""{"mailboxes": [{"name": "a b", "kind": "folder", "path": "a"}]}""", "is not allowed")]
    [InlineData("""{"mailboxes": [{"name": "a"}]}""", "has no \"kind\"")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "folder"}]}""", "has no \"path\"")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "folder", "path": "x", "user": "me"}]}""", "\"user\" is not a setting of a folder mailbox")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "imap", "host": "imap.example"}]}""", "has no \"passwordSetting\"")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "folder", "path": "x", "labels": "config/nope.json"}]}""", "does not exist")]
    public void Checks_each_entry(string json, string expected)
    {
        Assert.Contains(expected, Invalid(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_and_no_setting_means_no_list()
    {
        using var folder = new Support.TempWorkspace();
        var loader = new MailboxListLoader(new ConfigurationBuilder().Build(), new AppPaths(folder.Root));

        Assert.Null(loader.Load());
        Assert.Contains("needs a mailbox list", Assert.Throws<MailboxListException>(() => loader.Require("--all")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_named_by_the_setting_is_an_error()
    {
        using var folder = new Support.TempWorkspace();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [MailboxListOptions.SettingName] = "nope.json" }).Build();

        var error = Assert.Throws<MailboxListException>(() => new MailboxListLoader(configuration, new AppPaths(folder.Root)).Load());

        Assert.Contains("Mailbox list not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_file_parses()
    {
        var json = File.ReadAllText(Path.Combine(RepoPaths.Root, "config", "mailboxes.example.json"));

        var list = MailboxListLoader.Parse(json, "example", _ => "set", Repo);

        Assert.Equal(3, list.Mailboxes.Count);
    }
}
