using System.Text.Json;
using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Commands;

/// <summary>The CLI against a Gmail-shaped server and an OpenAI-compatible server, both on 127.0.0.1.</summary>
public sealed class GmailCommandsTests
{
    private const string Marker = "EmailTriage/Triaged";

    [Fact]
    public async Task Triage_uses_gmail_when_a_token_file_exists_and_a_second_run_does_nothing()
    {
        await using var gmail = await FakeGmailServer.StartAsync(TestContext.Current.CancellationToken);
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = request => request.User.Contains("invoice", StringComparison.OrdinalIgnoreCase) ? "Finance" : "Work";
        var invoice = gmail.AddMessage(Mail("Your invoice 42", "billing@shop.example"), null, "INBOX");
        var project = gmail.AddMessage(Mail("Project kickoff", "pm@corp.example"), null, "INBOX");
        var ci = gmail.AddMessage(Mail("Build failed", "notifications@codehub.example"), null, "INBOX");
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).WithGmail(gmail);

        var first = await workspace.RunAsync("triage", "--json");
        var calls = llm.ChatRequestCount;
        var second = await workspace.RunAsync("triage", "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("the gmail mailbox of your settings", first.Error, StringComparison.Ordinal);
        Assert.Equal(3, first.OutputLines.Count);
        Assert.Contains("Finance", gmail.LabelNamesOf(invoice));
        Assert.Contains("Work", gmail.LabelNamesOf(project));
        Assert.Contains("Notifications", gmail.LabelNamesOf(ci));
        Assert.All([invoice, project, ci], id => Assert.Contains(Marker, gmail.LabelNamesOf(id)));
        Assert.Equal(2, calls);
        Assert.Equal(0, second.ExitCode);
        Assert.Empty(second.OutputLines);
        Assert.Equal(calls, llm.ChatRequestCount);
    }

    [Fact]
    public async Task Archive_action_takes_promotions_out_of_the_inbox()
    {
        await using var gmail = await FakeGmailServer.StartAsync(TestContext.Current.CancellationToken);
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Promotions";
        var sale = gmail.AddMessage(Mail("50% off this weekend", "deals@store.example"), null, "INBOX");
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).WithGmail(gmail);

        var run = await workspace.RunAsync("triage", "--mailbox", "gmail");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Promotions", gmail.LabelNamesOf(sale));
        Assert.DoesNotContain("INBOX", gmail.LabelNamesOf(sale));
    }

    [Fact]
    public async Task Dry_run_changes_nothing_in_gmail_not_even_labels()
    {
        await using var gmail = await FakeGmailServer.StartAsync(TestContext.Current.CancellationToken);
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        var id = gmail.AddMessage(Mail("Project kickoff", "pm@corp.example"), null, "INBOX");
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).WithGmail(gmail);

        var run = await workspace.RunAsync("triage", "--mailbox", "gmail", "--dry-run", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Work", JsonDocument.Parse(Assert.Single(run.OutputLines)).RootElement.GetProperty("label").GetString());
        Assert.Equal(["INBOX"], gmail.LabelNamesOf(id));
        Assert.Equal(0, gmail.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Equal(0, gmail.CountOf(FakeGmailCall.MessagesBatchModify));
    }

    [Fact]
    public async Task Labels_sync_creates_the_configured_labels_once()
    {
        await using var gmail = await FakeGmailServer.StartAsync(TestContext.Current.CancellationToken);
        gmail.AddLabel("work");
        using var workspace = new CliWorkspace(withSamples: false).WithGmail(gmail);

        var first = await workspace.RunAsync("labels", "sync");
        var second = await workspace.RunAsync("labels", "sync");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("created", first.Output, StringComparison.Ordinal);
        Assert.Contains("exists                      Work", first.Output, StringComparison.Ordinal);
        Assert.Contains("7 label(s) created, 1 already there.", first.Output, StringComparison.Ordinal);
        Assert.Contains("0 label(s) created", second.Output, StringComparison.Ordinal);
        Assert.Equal(7, gmail.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Single(gmail.Labels, l => l.Name.Equals("work", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Revoked_sign_in_stops_with_exit_code_3_and_says_to_sign_in_again()
    {
        await using var gmail = await FakeGmailServer.StartAsync(TestContext.Current.CancellationToken);
        var id = gmail.AddMessage(Mail("Project kickoff", "pm@corp.example"), null, "INBOX");
        using var workspace = new CliWorkspace(withSamples: false).WithGmail(gmail);
        gmail.RevokeRefreshToken("1//cli-refresh-token");

        var run = await workspace.RunAsync("triage");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("Gmail sign-in expired or was revoked: run emailtriage auth gmail", run.Error, StringComparison.Ordinal);
        Assert.Contains("7 days", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("1//cli-refresh-token", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(["INBOX"], gmail.LabelNamesOf(id));
    }

    [Fact]
    public async Task Gmail_without_a_token_file_names_the_setting_and_the_command()
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("triage", "--mailbox", "gmail");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("GMAIL_TOKEN_FILE", run.Error, StringComparison.Ordinal);
        Assert.Contains("emailtriage auth gmail", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_without_a_credentials_file_names_GMAIL_CREDENTIALS_FILE()
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("auth", "gmail");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("GMAIL_CREDENTIALS_FILE", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reports_gmail_reachable_and_never_prints_the_token()
    {
        await using var gmail = await FakeGmailServer.StartAsync(TestContext.Current.CancellationToken);
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Finance";
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).WithGmail(gmail);

        var run = await workspace.RunAsync("check");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ok   gmail: token file present; Gmail answers for me", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("1//cli-refresh-token", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("cli-secret", run.Output, StringComparison.Ordinal);
    }

    private static string Mail(string subject, string from) =>
        $"From: {from}\r\nTo: alex@morgan.example\r\nSubject: {subject}\r\nDate: Tue, 24 Nov 2026 09:00:00 +0000\r\n\r\nHello, this is about: {subject}.\r\n";
}
