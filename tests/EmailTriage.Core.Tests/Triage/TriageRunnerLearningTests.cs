using System.Collections.Concurrent;
using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Filing;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Core.Tests.Triage;

/// <summary>
/// The runner with a learned model over a real folder mailbox (rules only, no LLM): the model decides what it is sure
/// of, learns the lines the user wrote or changed in the label record, and is saved before that feedback is committed.
/// </summary>
public sealed class TriageRunnerLearningTests : IDisposable
{
    private readonly SenderFilingModels _models = new();
    private readonly TriageHarness _harness;

    public TriageRunnerLearningTests()
    {
        _harness = new TriageHarness(llmBaseUrl: null, services: s => s.AddSingleton<IFilingModels>(_models));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FileStateStore Store => new(Path.Combine(_harness.Inbox, ".emailtriage"));

    public void Dispose() => _harness.Dispose();

    private async Task SaveModelAsync(params (string Sender, string Label)[] senders)
    {
        var model = new SenderFilingModel(TestLabels.Standard.AllNames, senders.ToDictionary(s => s.Sender, s => s.Label));
        await _models.SaveAsync(model, Store, IFilingModels.ModelName, Ct);
        _models.Saves.Clear();
    }

    private async Task<(TriageSummary Summary, List<MessageResult> Results)> RunAsync(bool dryRun = false)
    {
        var results = new ConcurrentQueue<MessageResult>();
        var summary = await _harness.RunAsync(new TriageRequest { DryRun = dryRun, OnResult = o => results.Enqueue(MessageResult.Of(o)) });
        return (summary, [.. results.OrderBy(r => r.Id, StringComparer.Ordinal)]);
    }

    private void AppendLine(string json) => File.AppendAllText(_harness.RecordPath, json + "\n");

    [Fact]
    public async Task Without_a_model_the_runner_works_as_before()
    {
        _harness.Add("01.eml", new Eml { From = "ana@home.example" });

        var (summary, results) = await RunAsync();

        Assert.Null(summary.Learning);
        Assert.Equal(DecisionSourceNames.Deferred, Assert.Single(results).Source);
        Assert.Empty(_models.Saves);
    }

    [Fact]
    public async Task A_sure_model_decides_with_source_learned_and_the_rest_waits_for_an_llm()
    {
        await SaveModelAsync(("ana@home.example", "Work"));
        _harness.Add("01.eml", new Eml { From = "Ana <ana@home.example>" });
        _harness.Add("02.eml", new Eml { From = "bo@elsewhere.example" });

        var (summary, results) = await RunAsync();

        Assert.Equal(("Work", DecisionSourceNames.Learned, true), (results[0].Label, results[0].Source, results[0].Applied));
        Assert.StartsWith("learned: sender", results[0].Reason, StringComparison.Ordinal);
        Assert.Equal(DecisionSourceNames.Deferred, results[1].Source);
        Assert.Contains("not sure enough", results[1].Reason, StringComparison.Ordinal);
        Assert.Equal(1, summary.PerSource[DecisionSource.Learned]);
        Assert.Equal("learned", Assert.Single(_harness.Record()).Source);
        Assert.NotNull(summary.Learning);
    }

    [Fact]
    public async Task A_line_the_user_writes_by_hand_is_learned_and_decides_that_senders_next_message()
    {
        await SaveModelAsync(("someone@else.example", "Finance"));
        _harness.Add("01.eml", new Eml { From = "carla@studio.example", Subject = "Sketches" });
        await RunAsync();
        AppendLine("""{"id":"01.eml","label":"Work"}""");
        _harness.Add("02.eml", new Eml { From = "carla@studio.example", Subject = "More sketches" });

        var (summary, results) = await RunAsync();

        var learned = Assert.Single(_models.LastOpened!.Learned);
        Assert.Equal(("Work", FilingKind.Filed, "Sketches"), (learned.Label, learned.Kind, learned.Message.Subject));
        Assert.Equal(("02.eml", "Work", DecisionSourceNames.Learned), (results.Single().Id, results.Single().Label, results.Single().Source));
        Assert.Equal((1, 0, true), (summary.Learning!.Filed, summary.Learning.Corrected, summary.Learning.Saved));
        Assert.Single(_models.Saves);
    }

    [Fact]
    public async Task A_label_the_user_changes_in_the_record_is_a_correction_learned_once()
    {
        await SaveModelAsync(("ana@home.example", "Work"));
        _harness.Add("01.eml", new Eml { From = "ana@home.example" });
        await RunAsync();
        var record = File.ReadAllText(_harness.RecordPath);
        File.WriteAllText(_harness.RecordPath, record.Replace("\"label\":\"Work\"", "\"label\":\"Finance\"", StringComparison.Ordinal));
        _harness.Add("02.eml", new Eml { From = "ana@home.example", Subject = "Receipt" });

        var (second, results) = await RunAsync();
        var learned = _models.LastOpened!.Learned;
        var (third, _) = await RunAsync();

        Assert.Equal(1, second.Learning!.Corrected);
        Assert.Equal(FilingKind.Corrected, Assert.Single(learned).Kind);
        Assert.Equal("Finance", Assert.Single(results).Label);
        Assert.Equal((0, 0), (third.Learning!.Filed, third.Learning.Corrected));
    }

    [Fact]
    public async Task The_apps_own_record_lines_teach_nothing()
    {
        await SaveModelAsync(("ana@home.example", "Work"));
        _harness.Add("01.eml", new Eml { From = "ana@home.example" });
        await RunAsync();

        var (summary, _) = await RunAsync();

        Assert.Equal((0, 0, false), (summary.Learning!.Filed, summary.Learning.Corrected, summary.Learning.Saved));
        Assert.Empty(_models.LastOpened!.Learned);
    }

    [Fact]
    public async Task Feedback_is_not_committed_when_the_model_could_not_be_saved_so_the_next_run_reads_it_again()
    {
        await SaveModelAsync(("someone@else.example", "Finance"));
        _harness.Add("01.eml", new Eml { From = "carla@studio.example" });
        await RunAsync();
        AppendLine("""{"id":"01.eml","label":"Work"}""");

        _models.FailSaves = true;
        var (failed, _) = await RunAsync();
        _models.FailSaves = false;

        var (summary, _) = await RunAsync();

        Assert.Contains("No space left on device", failed.Learning!.NotSavedBecause, StringComparison.Ordinal);
        Assert.Equal(1, summary.Learning!.Filed);
    }

    [Fact]
    public async Task A_model_that_cannot_be_saved_after_labels_were_applied_leaves_the_summary_the_record_and_the_failure_kind()
    {
        await SaveModelAsync(("ana@home.example", "Work"), ("bo@home.example", "Finance"));
        _harness.Add("01.eml", new Eml { From = "ana@home.example" });
        _harness.Add("02.eml", new Eml { From = "bo@home.example" });
        _harness.Add("03.eml", new Eml { From = "carla@studio.example" });
        AppendLine("""{"id":"03.eml","label":"Work"}""");
        _models.FailSaves = true;

        var (summary, results) = await RunAsync();

        Assert.Equal(2, summary.Applied);
        Assert.All(results, r => Assert.True(r.Applied));
        Assert.Equal((1, false), (summary.Learning!.Filed, summary.Learning.Saved));
        Assert.Contains("No space left on device. The labels stand, and what you filed or corrected is read again next run", summary.Learning.NotSavedBecause, StringComparison.Ordinal);
        Assert.Equal(EmailTriage.Errors.FailureKind.BadConfiguration, EmailTriage.Errors.FailureKinds.Of(summary));
        var record = await RunRecordItem.ReadAsync(Store, Ct);
        Assert.Equal((2, summary.Learning.NotSavedBecause), (record!.Labelled, record.LearningNotSaved));
        Assert.False(File.Exists(Path.Combine(Store.Directory, FolderFilingFeedback.SeenItem)));
    }

    [Fact]
    public async Task A_filing_under_a_label_not_in_the_label_file_goes_to_the_model_and_is_counted_apart()
    {
        await SaveModelAsync(("ana@home.example", "Work"));
        _harness.Add("01.eml", new Eml { From = "ana@home.example" });
        await RunAsync();
        File.WriteAllText(_harness.RecordPath, File.ReadAllText(_harness.RecordPath).Replace("\"label\":\"Work\"", "\"label\":\"Travel\"", StringComparison.Ordinal));
        AppendLine("""{"id":"02.eml","label":"Travel"}""");
        _harness.Add("02.eml", new Eml { From = "bo@home.example" });

        var (summary, _) = await RunAsync();

        Assert.Equal((0, 0, 2), (summary.Learning!.Filed, summary.Learning.Corrected, summary.Learning.KeptAside));
        Assert.Equal(["Travel"], summary.Learning.AsideLabels);
        Assert.Equal([("Travel", FilingKind.Filed), ("Travel", FilingKind.Corrected)], _models.LastOpened!.Learned.Select(l => (l.Label, l.Kind)).OrderBy(l => l.Kind));
        Assert.True(summary.Learning.Saved);
    }

    [Fact]
    public async Task A_dry_run_uses_the_model_but_learns_and_saves_nothing()
    {
        await SaveModelAsync(("ana@home.example", "Work"));
        _harness.Add("01.eml", new Eml { From = "ana@home.example" });
        await RunAsync();
        AppendLine("""{"id":"01.eml","label":"Finance"}""");
        _harness.Add("02.eml", new Eml { From = "ana@home.example" });
        var seen = Path.Combine(Store.Directory, "filing-seen.json");
        var seenBefore = File.ReadAllText(seen);

        var (summary, results) = await RunAsync(dryRun: true);

        Assert.Equal(("Work", DecisionSourceNames.Learned), (results.Single().Label, results.Single().Source));
        Assert.Empty(_models.LastOpened!.Learned);
        Assert.Empty(_models.Saves);
        Assert.False(summary.Learning!.Saved);
        Assert.Equal(seenBefore, File.ReadAllText(seen));
    }

    [Fact]
    public async Task Model_file_option_that_names_no_file_says_how_to_train_one()
    {
        _harness.Add("01.eml", new Eml());
        var missing = Path.Combine(_harness.Inbox, "nope.zip");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _harness.Runner.RunAsync(_harness.Mailbox(), new TriageRequest { ModelFile = missing }, Ct));

        Assert.Contains("emailtriage learn --model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_written_id_outside_the_mailbox_is_not_read()
    {
        await SaveModelAsync(("someone@else.example", "Finance"));
        _harness.Add("01.eml", new Eml());
        await RunAsync();
        AppendLine("""{"id":"../../outside.eml","label":"Work"}""");
        File.WriteAllText(Path.Combine(_harness.Inbox, "..", "outside.eml"), new Eml { From = "x@y.example" }.ToString());

        var (summary, _) = await RunAsync();

        Assert.Equal(0, summary.Learning!.Filed);
    }
}
