using System.Text.Json;
using EmailTriage.Cli.Tests.Support;

namespace EmailTriage.Cli.Tests.Commands;

/// <summary>
/// A folder mailbox's label record edited by hand, with a learned model (real public mail, filed and learned): a line that
/// is not a record never stops a run and is never removed; the log names it, and a message it names is left alone.
/// </summary>
public sealed class HandEditedRecordTests
{
    [Fact]
    public async Task Lines_that_are_not_label_records_are_named_in_the_log_kept_and_the_run_goes_on()
    {
        using var workspace = PublicFiledMail.Workspace();
        Assert.Equal(0, (await workspace.RunAsync("learn", "--mailbox", "mail")).ExitCode);
        PublicFiledMail.AddNew(workspace, "015-notmuch-introducing-myself.eml", "new-1.eml");
        var record = PublicFiledMail.RecordPath(workspace);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        const string hand = "null\n{}\n{\"label\":\"Work\"}\n";
        File.WriteAllText(record, hand);

        var run = await workspace.RunAsync("triage", "--mailbox", "mail");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("labelled: 1", run.Output, StringComparison.Ordinal);
        Assert.StartsWith(hand, File.ReadAllText(record), StringComparison.Ordinal);
        var log = PublicFiledMail.Log(workspace);
        Assert.Contains($"{record} line 1 is not a label record (it is null, not an object)", log, StringComparison.Ordinal);
        Assert.Contains($"{record} line 2 is not a label record (it has no \"id\"", log, StringComparison.Ordinal);
        Assert.Contains($"{record} line 3 is not a label record (it has no \"id\"", log, StringComparison.Ordinal);
        Assert.Contains("""Write it as {"id":"<file>.eml","label":"<label>"}, or delete it""", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_added_last_line_with_a_typo_and_no_final_newline_is_kept_and_its_message_left_alone()
    {
        using var workspace = PublicFiledMail.Workspace();
        Assert.Equal(0, (await workspace.RunAsync("learn", "--mailbox", "mail")).ExitCode);
        PublicFiledMail.AddNew(workspace, "015-notmuch-introducing-myself.eml", "new-1.eml");
        PublicFiledMail.AddNew(workspace, "010-pics-for-you.eml", "new-2.eml");
        var record = PublicFiledMail.RecordPath(workspace);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);

        // The closing brace forgotten, and the editor wrote no final newline: what a torn write also looks like.
        const string typo = "{\"id\":\"new-2.eml\",\"label\":\"Personal\"";
        File.WriteAllText(record, typo);

        var run = await workspace.RunAsync("triage", "--mailbox", "mail", "--json");

        Assert.Equal(0, run.ExitCode);
        var text = File.ReadAllText(record);
        Assert.StartsWith(typo + "\n", text, StringComparison.Ordinal);
        var results = run.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.True(results["new-1.eml"].GetProperty("applied").GetBoolean());
        var held = results["new-2.eml"];
        Assert.Equal(("skipped", false), (held.GetProperty("source").GetString(), held.GetProperty("applied").GetBoolean()));
        Assert.Contains("line 1 of the label record names this message but is not a label record", held.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("new-2.eml", text[typo.Length..], StringComparison.Ordinal);
        Assert.Contains($"{record} line 1 is not a label record (it is not JSON:", PublicFiledMail.Log(workspace), StringComparison.Ordinal);
    }
}
