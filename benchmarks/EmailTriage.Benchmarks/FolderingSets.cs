using System.Text.Json;
using EmailTriage.Learning;
using EmailTriage.Mail;
using EmailTriage.Testing;

namespace EmailTriage.Benchmarks;

/// <summary>
/// The Enron foldering sets as the learn benchmarks read them: each set's chronological train and test part
/// from manifest.json, and the learning options given on the command line.
/// </summary>
internal static class FolderingSets
{
    // williams-w3's test part is a single automated folder: reported, but left out of the averages.
    public const string OutOfAverages = "enron-williams-w3";

    public static string Folder(string[] args) =>
        args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && Directory.Exists(a))
        ?? Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "enron-foldering"));

    /// <summary>The sets of the manifest, or only those named by --sets (comma-separated).</summary>
    public static List<(string Name, List<string> Train, List<string> Test)> Sets(string folder, string[] args)
    {
        var only = Option(args, "--sets")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        return [.. manifest.RootElement.GetProperty("sets").EnumerateObject()
            .Where(s => only is null || only.Contains(s.Name, StringComparer.Ordinal))
            .Select(s => (s.Name, Paths(s.Value, "train"), Paths(s.Value, "test")))];
    }

    public static LearningOptions Options(string[] args)
    {
        FilingTerms.CharGrams = Option(args, "--char-grams") is { } mode ? int.Parse(mode) : 0;
        return OptionsOf(args);
    }

    private static LearningOptions OptionsOf(string[] args) => new()
    {
        TargetPrecision = Option(args, "--precision") is { } p ? double.Parse(p) : Environment.GetEnvironmentVariable("LEARNED_TARGET_PRECISION") is { Length: > 0 } e ? double.Parse(e) : 0.95,
        Trainer = Option(args, "--trainer") switch
        {
            "lbfgs" => TextTrainer.LbfgsMaximumEntropy,
            "sdca" => TextTrainer.SdcaMaximumEntropy,
            "smoothed" => TextTrainer.SdcaSmoothedSvm,
            "pegasos" => TextTrainer.OneVersusAllSvm,
            "hinge" => TextTrainer.SdcaSvm,
            _ => TextTrainer.SdcaSmoothedSvm,
        },
        CalibrateOnHeldOut = Option(args, "--calibration") == "heldout",
        L2Regularization = Option(args, "--l2") is { } l2 ? float.Parse(l2) : null,
        FewestMessagesPerTerm = Option(args, "--min-df") is { } df ? int.Parse(df) : new LearningOptions().FewestMessagesPerTerm,
        BodyChars = Option(args, "--learn-body") is { } lb ? int.Parse(lb) : new LearningOptions().BodyChars,
    };

    /// <summary>The mail reader's body budget (what the LLM would see): --body, 2000 by default.</summary>
    public static int BodyChars(string[] args) => Option(args, "--body") is { } b ? int.Parse(b) : 2000;

    // <set>/<Label>/<id>.eml: the folder the owner filed it in is the label.
    public static List<TrainingExample> Read(MailReader reader, string folder, List<string> paths) =>
        [.. paths.Select(p => new TrainingExample(reader.Read(p, File.ReadAllBytes(Path.Combine(folder, p))), p.Split('/')[1]))];

    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static List<string> Paths(JsonElement set, string part) => [.. set.GetProperty(part).EnumerateArray().Select(p => p.GetString()!)];
}
