using System.Diagnostics;
using EmailTriage.Learning;
using EmailTriage.Mail;

namespace EmailTriage.Benchmarks;

/// <summary>
/// The learned model as it would live: trained on each set's train part, then the test part replayed in date
/// order. Each message is predicted (a lone decision is tracked, as the app does, so the monitor judges it), then
/// filed under its true label (Remember), and the model is retrained whenever <see cref="RetrainCadence"/> says so,
/// with no per-run cap. Compared with online_baseline.py (LinearSVC retrained every 100 messages, thread memory by subject).
/// Usage: learn --replay [folder] [--sets a,b] [--precision P] [--body CHARS] [--trainer ...] [--l2 L2] [--calibration heldout]
/// [--char-grams 1|2|3] [--dump FILE]
/// </summary>
internal static class ReplayReport
{
    private static readonly Dictionary<string, double> OnlineBaseline = new(StringComparer.Ordinal)
    {
        ["enron-beck-s"] = 0.692,
        ["enron-farmer-d"] = 0.770,
        ["enron-kaminski-v"] = 0.702,
        ["enron-lokay-m"] = 0.836,
        ["enron-sanders-r"] = 0.590,
    };

    public static void Run(string[] args)
    {
        var folder = FolderingSets.Folder(args);
        var options = FolderingSets.Options(args);
        options.MaxRetrainsPerRun = int.MaxValue;
        var bodyChars = FolderingSets.BodyChars(args);
        var reader = new MailReader(bodyChars);
        Console.WriteLine($"learn --replay: {folder}, trainer {options.Trainer}, body {bodyChars} chars (learner {options.BodyChars}), target precision {options.TargetPrecision}, retrain every {options.RetrainEvery}");

        var dumpPath = FolderingSets.Option(args, "--dump");
        using var dump = dumpPath is null ? null : new StreamWriter(dumpPath);
        dump?.WriteLine(ReplayDump.Header);
        using var heldOutDump = dumpPath is null ? null : new StreamWriter(dumpPath + ".heldout");
        ReplayDump.HeldOutWriter = heldOutDump;
        var results = FolderingSets.Sets(folder, args)
            .Select(s => Replay(s.Name, FolderingSets.Read(reader, folder, s.Train), FolderingSets.Read(reader, folder, s.Test), options, dump))
            .ToList();

        Console.WriteLine($"{"set",-18} {"test",5} {"acc",6} {"online",6} {"cover",6} {"prec",6} {"retrains",8} {"train s",7} {"retrain ms",10} {"remember us",11} {"wall s",6}");
        foreach (var r in results)
        {
            var baseline = OnlineBaseline.TryGetValue(r.Set, out var b) ? b.ToString("0.000") : "-";
            Console.WriteLine($"{r.Set,-18} {r.Test,5} {r.Accuracy,6:0.000} {baseline,6} {r.Coverage,6:0.000} {r.Precision,6:0.000} {r.Retrains,8} {r.TrainingSeconds,7:0.0} {r.RetrainMillis,10:0} {r.RememberMicros,11:0} {r.WallSeconds,6:0.0}");
        }

        var averaged = results.Where(r => r.Set != FolderingSets.OutOfAverages).ToList();
        var tests = averaged.Sum(r => r.Test);
        var decided = averaged.Sum(r => r.Decided);
        Console.WriteLine($"weighted over {string.Join(", ", averaged.Select(r => r.Set))} ({tests} test messages):");
        Console.WriteLine($"  accuracy, model deciding everything   {averaged.Sum(r => r.Accuracy * r.Test) / tests:0.000}   (online LinearSVC baseline 0.733)");
        Console.WriteLine($"  decided alone (gates and monitor): {(double)decided / tests:0.000}, precision {(decided == 0 ? double.NaN : averaged.Sum(r => r.Precision * r.Decided) / decided):0.000}");
    }

    private static ReplayResult Replay(string set, List<TrainingExample> train, List<TrainingExample> test, LearningOptions options, StreamWriter? dump)
    {
        var wall = Stopwatch.StartNew();

        // The label file holds every folder the owner has, including those first used in the test part.
        var labels = train.Concat(test).Select(m => m.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var model = LearnedModelTrainer.Train(train, labels, options);
        var trainingSeconds = wall.Elapsed.TotalSeconds;
        var cadence = new RetrainCadence(options);
        var retraining = new Stopwatch();
        var remembering = new Stopwatch();
        int right = 0, modelRight = 0, decided = 0, decidedRight = 0;
        var recorder = dump is null ? null : new ReplayDump(set, train, dump);
        foreach (var filed in test.OrderBy(m => m.Message.Date ?? DateTimeOffset.MinValue).ThenBy(m => m.Message.Id, StringComparer.Ordinal))
        {
            var prediction = model.Predict(filed.Message);
            recorder?.Record(model, filed, prediction, cadence.Retrains);

            // As the app does: a lone decision waits for the user's verdict, which the filing below gives (see GateMonitor).
            if (options.TargetPrecision is > 0 and < 1)
            {
                model.Track(filed.Message, prediction);
            }

            var correct = prediction.Label == filed.Label;
            right += correct ? 1 : 0;
            modelRight += model.LabelSet.Labels[PredictionBlend.ArgMax(model.TextProbabilities(filed.Message))] == filed.Label ? 1 : 0;
            if (prediction.Decided)
            {
                decided++;
                decidedRight += correct ? 1 : 0;
            }

            remembering.Start();
            model.Remember(filed.Message, filed.Label);
            remembering.Stop();
            if (cadence.TryTake(model))
            {
                retraining.Start();
                model = model.Retrain(labels, options);
                retraining.Stop();
            }
        }

        Console.WriteLine($"{set}: {test.Count} replayed, {cadence.Retrains} retrains, {wall.Elapsed.TotalSeconds:0.0} s, text model alone {(double)modelRight / test.Count:0.000}, last blend {model.Weights}");
        return new ReplayResult(
            set, test.Count,
            Accuracy: (double)right / test.Count,
            Decided: decided,
            Coverage: (double)decided / test.Count,
            Precision: decided == 0 ? double.NaN : (double)decidedRight / decided,
            Retrains: cadence.Retrains,
            TrainingSeconds: trainingSeconds,
            RetrainMillis: cadence.Retrains == 0 ? double.NaN : retraining.Elapsed.TotalMilliseconds / cadence.Retrains,
            RememberMicros: remembering.Elapsed.TotalMicroseconds / test.Count,
            WallSeconds: wall.Elapsed.TotalSeconds);
    }

    private sealed record ReplayResult(
        string Set, int Test, double Accuracy, int Decided, double Coverage, double Precision, int Retrains,
        double TrainingSeconds, double RetrainMillis, double RememberMicros, double WallSeconds);
}
