using System.Text.Json;
using System.Text.Json.Nodes;
using EmailTriage.Cli.Tests.Support;

namespace EmailTriage.Cli.Tests.Commands;

/// <summary>
/// What the user taught the learned model is never thrown away, end to end with real public mail filed under the corpus's
/// labels: a dry run and <c>classify</c> change nothing, a label that leaves the label file takes none of its examples with
/// it, <c>learn</c> again keeps the corrections, a correction to a label not in the file is kept, and a model that cannot
/// be saved leaves a summary and a record that say what was done.
/// </summary>
public sealed class TaughtModelTests
{
    // Keith Packard's list post: the model files it under Mailing Lists, and the user says it is Personal.
    private const string ListPost = "015-notmuch-introducing-myself.eml";
    private const string ListPoster = "keithp@keithp.com";

    /// <summary>Triage files <see cref="ListPost"/> as new-1.eml; the user changes its line to <paramref name="label"/>; the next run learns that.</summary>
    private static async Task<CliRun> CorrectAsync(CliWorkspace workspace, string label)
    {
        PublicFiledMail.AddNew(workspace, ListPost, "new-1.eml");
        var first = await workspace.RunAsync("triage", "--mailbox", "mail");
        Assert.Equal(0, first.ExitCode);
        var record = PublicFiledMail.RecordPath(workspace);
        var lines = File.ReadAllLines(record).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var line = lines.Single(l => (string?)l["id"] == "new-1.eml");
        Assert.Equal("Mailing Lists", (string?)line["label"]);
        line["label"] = label;
        File.WriteAllLines(record, lines.Select(l => l.ToJsonString()));
        return await workspace.RunAsync("triage", "--mailbox", "mail");
    }

    private static async Task<string> ClassifyListPosterAsync(CliWorkspace workspace)
    {
        var run = await workspace.RunAsync("classify", "--mailbox", "mail", "--from", ListPoster, "--subject", "Dinner on Friday?", "--body", "Are you free?");
        Assert.Equal(0, run.ExitCode);
        return run.Output.Trim();
    }

    [Fact]
    public async Task A_dry_run_or_classify_with_another_label_file_changes_no_model_and_a_label_that_leaves_and_returns_keeps_its_examples()
    {
        using var workspace = PublicFiledMail.Workspace();
        Assert.Equal(0, (await workspace.RunAsync("learn", "--mailbox", "mail")).ExitCode);
        Assert.Equal(0, (await CorrectAsync(workspace, "Personal")).ExitCode);
        Assert.Equal("Personal", await ClassifyListPosterAsync(workspace));
        PublicFiledMail.WriteLabelsWithout(workspace, "no-personal.json", "Personal");
        PublicFiledMail.AddNew(workspace, "031-wine-release-20020904.eml", "new-2.eml");
        var model = PublicFiledMail.ModelPath(workspace);
        var before = File.ReadAllBytes(model);

        workspace.With("LABEL_CONFIG_FILE", "config/no-personal.json");
        var dryRun = await workspace.RunAsync("triage", "--mailbox", "mail", "--dry-run");
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(model));
        var classified = await workspace.RunAsync("classify", "--mailbox", "mail", "--from", ListPoster, "--subject", "Hello", "--body", "Hi.");
        Assert.NotEqual("Personal", classified.Output.Trim());
        Assert.Equal(before, File.ReadAllBytes(model));

        // A real run with Personal gone saves the model for the labels it has now; Personal's examples stay in the file.
        Assert.Equal(0, (await workspace.RunAsync("triage", "--mailbox", "mail")).ExitCode);
        workspace.With("LABEL_CONFIG_FILE", "config/labels.json");

        Assert.Equal("Personal", await ClassifyListPosterAsync(workspace));
    }

    [Fact]
    public async Task Learn_again_keeps_the_corrections_and_says_so()
    {
        using var workspace = PublicFiledMail.Workspace();
        Assert.Equal(0, (await workspace.RunAsync("learn", "--mailbox", "mail")).ExitCode);
        var corrected = await CorrectAsync(workspace, "Personal");
        Assert.Contains("learned 0 filing(s) and 1 correction(s) from you", corrected.Output, StringComparison.Ordinal);
        Assert.Equal("Personal", await ClassifyListPosterAsync(workspace));

        var again = await workspace.RunAsync("learn", "--mailbox", "mail");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("kept what you taught the model in the mailbox: 1 correction(s), 0 filing(s)", again.Output, StringComparison.Ordinal);
        Assert.Equal("Personal", await ClassifyListPosterAsync(workspace));
    }

    [Fact]
    public async Task A_correction_to_a_label_not_in_the_label_file_is_kept_said_and_counts_once_the_label_is_added()
    {
        using var workspace = PublicFiledMail.Workspace();
        PublicFiledMail.WriteLabelsWithout(workspace, "no-personal.json", "Personal");
        workspace.With("LABEL_CONFIG_FILE", "config/no-personal.json");
        Assert.Equal(0, (await workspace.RunAsync("learn", "--mailbox", "mail")).ExitCode);

        var corrected = await CorrectAsync(workspace, "Personal");

        Assert.Equal(0, corrected.ExitCode);
        Assert.Contains("kept 1 under labels not in the label file (Personal)", corrected.Output, StringComparison.Ordinal);
        Assert.Contains("under labels that are not in the label file (Personal)", PublicFiledMail.Log(workspace), StringComparison.Ordinal);
        workspace.With("LABEL_CONFIG_FILE", "config/labels.json");
        Assert.Equal("Personal", await ClassifyListPosterAsync(workspace));
    }

    [Fact]
    public async Task A_model_that_cannot_be_saved_after_labels_were_applied_leaves_a_summary_and_a_record_of_them()
    {
        using var workspace = PublicFiledMail.Workspace();
        Assert.Equal(0, (await workspace.RunAsync("learn", "--mailbox", "mail", "--model", "m.zip")).ExitCode);

        // A name the file system holds, but not with the temporary's suffix a save writes first: every save fails, as on a full disk.
        var unsavable = new string('m', 230) + ".zip";
        File.Move(Path.Combine(workspace.Directory, "m.zip"), Path.Combine(workspace.Directory, unsavable));
        PublicFiledMail.AddNew(workspace, "010-pics-for-you.eml", "filed.eml");
        PublicFiledMail.AddNew(workspace, ListPost, "new-1.eml");
        PublicFiledMail.AddNew(workspace, "031-wine-release-20020904.eml", "new-2.eml");
        var record = PublicFiledMail.RecordPath(workspace);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        File.WriteAllText(record, "{\"id\":\"filed.eml\",\"label\":\"Personal\"}\n");

        var run = await workspace.RunAsync("triage", "--mailbox", "mail", "--model", unsavable);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("labelled: 2", run.Output, StringComparison.Ordinal);
        Assert.Contains("learned 1 filing(s) and 0 correction(s) from you", run.Output, StringComparison.Ordinal);
        var last = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Directory, "mail", ".emailtriage", "last-run.json"))).RootElement;
        Assert.Equal(2, last.GetProperty("labelled").GetInt32());
        var reason = last.GetProperty("learningNotSaved").GetString()!;
        Assert.Contains("is too long", reason, StringComparison.Ordinal);
        Assert.Contains($"; not saved: {reason}", run.Output, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(record).Length);
    }
}
