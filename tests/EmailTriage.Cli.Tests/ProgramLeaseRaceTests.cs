using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests;

/// <summary>
/// Two machines (two processes, each with its own state folder, HOME and TMPDIR) racing for one Gmail mailbox with
/// EMAILTRIAGE_STORAGE on one account: the blob lease lets exactly one of them label.
/// </summary>
public sealed class ProgramLeaseRaceTests
{
    private static readonly string[] OurLabels = ["Work", "Personal", "Finance", "Newsletters", "Promotions", "Notifications", "Review"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CliWorkspace Machine(FakeGmailServer gmail, FakeLlmServer llm, AzuriteServer azurite, string container, string refreshToken)
    {
        var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).WithGmail(gmail, refreshToken);
        return workspace
            .With("HOME", Directory.CreateDirectory(Path.Combine(workspace.Directory, "home")).FullName)
            .With("TMPDIR", Directory.CreateDirectory(Path.Combine(workspace.Directory, "tmp")).FullName)
            .With("EMAILTRIAGE_STORAGE", azurite.ConnectionString)
            .With("EMAILTRIAGE_STATE_CONTAINER", container);
    }

    [Fact]
    public async Task Exactly_one_of_two_machines_labels_and_the_other_says_who_holds_the_mailbox()
    {
        await using var azurite = await AzuriteServer.StartAsync(Ct);
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Work";
        var ids = Enumerable.Range(1, 6).Select(i => gmail.AddMessage($"From: pm{i}@corp.example\r\nTo: me@example.com\r\nSubject: Plan {i}\r\n\r\nAbout plan {i}.\r\n", null, "INBOX")).ToList();
        var container = $"race-{Guid.NewGuid():N}";
        using var mac = Machine(gmail, llm, azurite, container, "1//mac-token");
        using var cloud = Machine(gmail, llm, azurite, container, "1//cloud-token");

        // Whoever wins holds its first LLM answer, so the lease is surely held while the other tries.
        llm.HoldAnswers(fromRequest: 1);
        using var first = mac.StartProcess("triage", "--mailbox", "gmail");
        using var second = cloud.StartProcess("triage", "--mailbox", "gmail");
        var outputs = new[] { first, second }.Select(p => (Out: p.StandardOutput.ReadToEndAsync(Ct), Error: p.StandardError.ReadToEndAsync(Ct))).ToList();
        await Task.WhenAny(first.WaitForExitAsync(Ct), second.WaitForExitAsync(Ct));
        var callsWhileHeld = llm.ChatRequestCount;
        llm.ReleaseAnswers();
        await first.WaitForExitAsync(Ct);
        await second.WaitForExitAsync(Ct);
        var processes = new[] { first, second };
        var loser = Array.FindIndex(processes, p => p.ExitCode == 3);
        var winner = 1 - loser;

        Assert.True(loser >= 0, $"exit codes {first.ExitCode} and {second.ExitCode}: {await outputs[0].Error}{await outputs[1].Error}");
        var loserText = await outputs[loser].Error + await outputs[loser].Out;
        Assert.Contains("is held by ", loserText, StringComparison.Ordinal);
        Assert.Contains("this run changed nothing", loserText, StringComparison.Ordinal);
        Assert.True(processes[winner].ExitCode == 0, await outputs[winner].Error + await outputs[winner].Out);
        Assert.InRange(callsWhileHeld, 0, 1);
        Assert.Equal(6, llm.ChatRequestCount);
        Assert.All(ids, id => Assert.Equal(["Work"], gmail.LabelNamesOf(id).Intersect(OurLabels)));
        Assert.All(ids, id => Assert.Equal(1, gmail.ModifyCountOf(id)));
    }
}
