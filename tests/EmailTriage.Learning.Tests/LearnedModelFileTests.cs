using System.IO.Compression;
using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

public sealed class LearnedModelFileTests(TrainedMailbox trained) : IClassFixture<TrainedMailbox>
{
    [Fact]
    public void A_saved_model_loads_with_its_memories_gate_and_predictions()
    {
        var message = MadeUpMail.Message("s1", "brother@family.example", "Dinner", "Bring the dog.", day: 60);
        var before = trained.Model.Predict(message);

        var loaded = RoundTrip(trained.Model, [.. MadeUpMail.Labels.Reverse()]);
        var after = loaded.Predict(message);

        Assert.Equal(before.Label, after.Label);
        Assert.Equal(before.Confidence, after.Confidence, 5);
        Assert.Equal(trained.Model.Gate, loaded.Gate);
        Assert.Equal(trained.Model.Weights, loaded.Weights);
        Assert.Equal(45, loaded.Report.Messages);
    }

    [Fact]
    public void A_model_for_another_label_set_is_refused_naming_the_difference()
    {
        using var file = new MemoryStream();
        LearnedModelFile.Save(trained.Model, file);
        file.Position = 0;

        var ex = Assert.Throws<LearningException>(() => LearnedModelFile.Load(file, ["Work", "Family", "Travel"], "model.zip"));

        Assert.Contains("another label set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Travel", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Newsletters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_clearly()
    {
        using var file = new MemoryStream("not a zip"u8.ToArray());

        var ex = Assert.Throws<LearningException>(() => LearnedModelFile.Load(file, MadeUpMail.Labels, "model.zip"));

        Assert.Contains("not a model file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_model_keeps_its_examples_and_what_is_pending()
    {
        var model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken);
        var message = MadeUpMail.Message("k1", "boss@acme.example", "Budget", "Numbers for the team.", day: 50);
        model.Correct(message, "Family");

        var loaded = RoundTrip(model, MadeUpMail.Labels);

        Assert.Equal(46, loaded.Examples);
        Assert.Equal(1, loaded.PendingExamples);
        Assert.Equal(1, loaded.PendingCorrections);
        Assert.False(loaded.Correct(message, "Family"));
        Assert.Equal(46, loaded.Retrain(MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken).Report.Messages);
    }

    [Fact]
    public void A_model_for_another_label_set_loads_when_any_labels_are_accepted()
    {
        using var file = new MemoryStream();
        LearnedModelFile.Save(trained.Model, file);
        file.Position = 0;

        var loaded = LearnedModelFile.LoadAnyLabels(file, "model.zip");

        Assert.Equal(trained.Model.LabelSet.Identity, loaded.LabelSet.Identity);
        Assert.Equal(45, loaded.Examples);
    }

    [Fact]
    public void A_model_file_of_the_earlier_format_is_refused_clearly()
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("learned.json").Open());
            writer.Write("""{"Version":1,"LabelSetIdentity":"x","Labels":["Work"]}""");
        }

        file.Position = 0;

        var ex = Assert.Throws<LearningException>(() => LearnedModelFile.LoadAnyLabels(file, "model.zip"));
        Assert.Contains("another version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_written_before_the_monitor_loads_and_predicts_as_it_did()
    {
        // Written by the version before this one (commit 65561b3) from the same made-up mailbox, with one correction on top;
        // it printed "Family 0.887485011510259" for this message and had no gate (9 held-out messages).
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "model-v2-before-monitor.zip"));
        var model = LearnedModelFile.Load(file, MadeUpMail.Labels, "model.zip");

        var prediction = model.Predict(MadeUpMail.Message("new", "mum@family.example", "Dinner on Sunday?", "The kids and grandma would love it.", day: 60));

        Assert.Equal("Family", prediction.Label);
        Assert.Equal(0.887485011510259, prediction.Confidence, 12);
        Assert.Null(model.Gate.Threshold);
        Assert.Equal(model.Gates.Main, model.Gates.Novel);
        Assert.Empty(model.HeldOut);
        Assert.All(model.LabelStatus(), s => Assert.Equal(0, s.Judged));
        Assert.Equal((46, 1), (model.Examples, model.PendingCorrections));

        // Saved again, it keeps what the new version adds.
        model.Track(MadeUpMail.Message("t1", "boss@acme.example", "Budget", "Numbers.", day: 61), new LearnedPrediction("Work", 0.99, Decided: true, LearnedEvidence.Model, []) { AboveGate = true });
        var again = RoundTrip(model, MadeUpMail.Labels);
        Assert.Single(again.Monitor.Outstanding);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.7)]
    [InlineData(0.9)]
    public void Damaged_bytes_inside_the_text_model_are_refused_with_train_again(double where)
    {
        using var file = new MemoryStream();
        LearnedModelFile.Save(trained.Model, file);
        var damaged = DamageTextModel(file.ToArray(), where);

        var ex = Assert.Throws<LearningException>(() => LearnedModelFile.Load(new MemoryStream(damaged), MadeUpMail.Labels, "model.zip"));

        Assert.Equal("The learned model model.zip is damaged (its ML.NET part cannot be read). Run 'emailtriage learn' again.", ex.Message);
    }

    // The ML.NET part is stored, not compressed, inside the model file: overwrite 64 of its bytes at a share of its length.
    private static byte[] DamageTextModel(byte[] model, double where)
    {
        using var copy = new MemoryStream();
        copy.Write(model);
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("text-model.zip")!;
            byte[] text;
            using (var read = entry.Open())
            using (var buffer = new MemoryStream())
            {
                read.CopyTo(buffer);
                text = buffer.ToArray();
            }

            // Inside the inner zip too: damage the bytes of its entries' content, where ML.NET reads the model itself.
            using var inner = new MemoryStream();
            inner.Write(text);
            using (var innerZip = new ZipArchive(inner, ZipArchiveMode.Update, leaveOpen: true))
            {
                foreach (var part in innerZip.Entries.Where(e => e.Length > 64).ToList())
                {
                    byte[] bytes;
                    using (var read = part.Open())
                    using (var buffer = new MemoryStream())
                    {
                        read.CopyTo(buffer);
                        bytes = buffer.ToArray();
                    }

                    var at = (int)((bytes.Length - 64) * where);
                    for (var i = at; i < at + 64; i++)
                    {
                        bytes[i] ^= 0x5A;
                    }

                    var name = part.FullName;
                    part.Delete();
                    using var write = innerZip.CreateEntry(name).Open();
                    write.Write(bytes);
                }
            }

            entry.Delete();
            using var replaced = zip.CreateEntry("text-model.zip", CompressionLevel.NoCompression).Open();
            replaced.Write(inner.ToArray());
        }

        return copy.ToArray();
    }

    private static LearnedModel RoundTrip(LearnedModel model, string[] labels)
    {
        using var file = new MemoryStream();
        LearnedModelFile.Save(model, file);
        file.Position = 0;
        return LearnedModelFile.Load(file, labels, "model.zip");
    }
}
