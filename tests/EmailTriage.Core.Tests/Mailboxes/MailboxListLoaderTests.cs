using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using Microsoft.Extensions.Configuration;

namespace EmailTriage.Core.Tests.Mailboxes;

public sealed class MailboxListLoaderTests
{
    private static readonly AppPaths Repo = new(RepoPaths.Root);

    private static readonly MailboxKinds Kinds = TestKind.With(TestKind.Account, TestKind.Server);

    private static readonly Dictionary<string, string?> Settings = new() { ["WORK_REFRESH_TOKEN"] = "1//secret-token" };

    private static MailboxList Parse(string json) =>
        MailboxListLoader.Parse(json, "/cfg/mailboxes.json", name => Settings.GetValueOrDefault(name), Repo, Kinds);

    private static MailboxListException Invalid(string json) => Assert.Throws<MailboxListException>(() => Parse(json));

    /// <summary>The problem of the list's one entry: a wrong entry is reported on its own, never for the whole list.</summary>
    private static string Problem(string json) => Assert.Single(Parse(json).Mailboxes).Problem ?? "(no problem)";

    [Fact]
    public void Reads_mailboxes_of_each_kind_with_their_settings()
    {
        var list = Parse("""
            {
              // comments are fine
              "mailboxes": [
                { "name": "work", "kind": "account", "refreshTokenSetting": "WORK_REFRESH_TOKEN", "query": "in:inbox", "labels": "config/labels.json" },
                { "name": "samples", "kind": "folder", "path": "samples/inbox" },
              ]
            }
            """);

        Assert.Equal(["work", "samples"], list.Mailboxes.Select(m => m.Name));
        var work = list.Require("work");
        Assert.Equal("account", work.Kind);
        Assert.Equal("in:inbox", work.Query);
        Assert.Equal("1//secret-token", work.Secret("refreshToken"));
        Assert.Equal(Path.Combine(RepoPaths.Root, "config", "labels.json"), work.LabelFile);
        Assert.Equal("/cfg/mailboxes.json line 4", work.Where);
        Assert.True(work.Listed);
        Assert.Null(work.Problem);
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
    public void An_unknown_kind_names_the_line_and_the_kinds_this_build_has_and_the_other_entries_still_work()
    {
        var list = Parse("""
            {"mailboxes": [
              {"name": "a", "kind": "folder", "path": "x"},
              {"name": "b", "kind": "pop3"}
            ]}
            """);

        Assert.Null(list.Require("a").Problem);
        Assert.Equal("/cfg/mailboxes.json line 3: mailbox \"b\" has the unknown kind \"pop3\". Use one of: \"folder\", \"account\", \"server\".", list.Require("b").Problem);
        var catalog = new MailboxCatalog(new MailboxListLoader(new ConfigurationBuilder().Build(), Repo, Kinds), Kinds);
        Assert.Contains("unknown kind", Assert.Throws<MailboxListException>(() => catalog.KindOf(list.Require("b"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_secret_setting_names_the_setting_and_never_a_value()
    {
        var problem = Problem("""{"mailboxes": [{"name": "home", "kind": "account", "refreshTokenSetting": "HOME_REFRESH_TOKEN"}]}""");

        Assert.Contains("line 1: mailbox \"home\" takes its refreshToken from the setting HOME_REFRESH_TOKEN, which is not set", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1//0gAbc-secret")]
    [InlineData("Summer2024_pw")]
    [InlineData("abcdefghijklmnop")]
    public void A_pasted_secret_is_refused_without_echoing_it(string pasted)
    {
        var problem = Problem($$"""{"mailboxes": [{"name": "home", "kind": "server", "host": "imap.example", "passwordSetting": "{{pasted}}"}]}""");

        Assert.DoesNotContain(pasted, problem, StringComparison.Ordinal);
        Assert.Contains("passwordSetting", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_field_is_an_unknown_field()
    {
        var problem = Problem("""{"mailboxes": [{"name": "home", "kind": "account", "refreshToken": "1//x"}]}""");

        Assert.Contains("\"refreshToken\" is not a setting of a account mailbox", problem, StringComparison.Ordinal);
        Assert.Contains("secrets are never in this file", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("1//x", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_are_refused_at_the_second_and_the_first_still_works()
    {
        var list = Parse("""
            {"mailboxes": [
              {"name": "mail", "kind": "folder", "path": "a"},
              {"name": "MAIL", "kind": "folder", "path": "b"}
            ]}
            """);

        Assert.Null(list.Mailboxes[0].Problem);
        Assert.Equal("/cfg/mailboxes.json line 3: the mailbox name \"MAIL\" appears more than once (names are case-insensitive). Give each mailbox its own name.", list.Mailboxes[1].Problem);
    }

    [Fact]
    public void No_mailboxes_at_all_is_an_error_of_the_file()
    {
        Assert.Contains("no mailboxes", Invalid("""{"mailboxes": []}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"mailboxes": [{"kind": "folder", "path": "a"}]}""", "has no \"name\"")]
    [InlineData("""{"mailboxes": [{"name": "all", "kind": "folder", "path": "a"}]}""", "is not allowed")]
    [InlineData("""{"mailboxes": [{"name": "a b", "kind": "folder", "path": "a"}]}""", "is not allowed")]
    [InlineData("""{"mailboxes": [{"name": "a"}]}""", "has no \"kind\"")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "folder"}]}""", "has no \"path\"")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "folder", "path": "x", "user": "me"}]}""", "\"user\" is not a setting of a folder mailbox")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "server", "host": "imap.example"}]}""", "has no \"passwordSetting\"")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "server", "host": "h", "port": "x", "passwordSetting": "A_B"}]}""", "\"port\" of mailbox \"a\" must be a whole number")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "folder", "path": "x", "query": "in:inbox"}]}""", "which a folder mailbox does not take")]
    [InlineData("""{"mailboxes": [{"name": "a", "kind": "folder", "path": "x", "labels": "config/nope.json"}]}""", "does not exist")]
    public void Checks_each_entry(string json, string expected)
    {
        Assert.Contains(expected, Problem(json), StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_and_no_setting_means_no_list()
    {
        using var folder = new TempWorkspace();
        var loader = new MailboxListLoader(new ConfigurationBuilder().Build(), new AppPaths(folder.Root), Kinds);

        Assert.Null(loader.Load());
        Assert.Contains("needs a mailbox list", Assert.Throws<MailboxListException>(() => new MailboxCatalog(loader, Kinds).Require("--all")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_named_by_the_setting_is_an_error()
    {
        using var folder = new TempWorkspace();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [MailboxListOptions.SettingName] = "nope.json" }).Build();

        var error = Assert.Throws<MailboxListException>(() => new MailboxListLoader(configuration, new AppPaths(folder.Root), Kinds).Load());

        Assert.Contains("Mailbox list not found", error.Message, StringComparison.Ordinal);
    }
}
