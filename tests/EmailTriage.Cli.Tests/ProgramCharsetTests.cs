using System.Text;
using System.Text.Json;
using EmailTriage.Cli.Tests.Support;

namespace EmailTriage.Cli.Tests;

/// <summary>A fresh process whose first contact with MIME is an mbox listing still decodes every charset.</summary>
public sealed class ProgramCharsetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Shift_jis_subjects_in_an_mbox_are_decoded_in_a_fresh_process()
    {
        using var workspace = new CliWorkspace(withSamples: false);
        var inbox = Directory.CreateDirectory(Path.Combine(workspace.Directory, "mine")).FullName;
        const string mbox =
            "From someone@example.jp Mon Nov  2 10:00:00 2026\n" +
            "From: someone@example.jp\nSubject: =?Shift_JIS?B?ie+LY4LMjI+CyYLCgqKCxA==?=\nMessage-ID: <jp@example.jp>\n\nbody\n";
        await File.WriteAllBytesAsync(Path.Combine(inbox, "takeout.mbox"), Encoding.ASCII.GetBytes(mbox), Ct);

        using var process = workspace.StartProcess("triage", "--mailbox", "mine", "--json");
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.True(process.ExitCode == 0, await error);
        using var line = JsonDocument.Parse((await output).Trim());
        Assert.Equal("会議の件について", line.RootElement.GetProperty("subject").GetString());
        Assert.Equal("deferred", line.RootElement.GetProperty("source").GetString());
    }
}
