using BenchmarkDotNet.Attributes;
using EmailTriage.Classification;
using EmailTriage.Labels;
using EmailTriage.Mail;

namespace EmailTriage.Benchmarks;

/// <summary>Our own CPU cost per message: read MIME, build the prompt, parse the answer, pick the rule.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class PerMessageCostBenchmarks
{
    private readonly MailReader _reader = new(800);
    private LabelConfig _labels = null!;
    private PromptBuilder _prompts = null!;
    private RuleClassifier _rules = null!;

    [GlobalSetup]
    public void Setup()
    {
        _labels = LabelConfigLoader.Parse(File.ReadAllText(Path.Combine(SampleMail.RepoRoot, "config", "labels.json")), "labels.json");
        _prompts = new PromptBuilder(_labels);
        _rules = new RuleClassifier(_labels);
    }

    [Benchmark(Baseline = true)]
    public string TypicalMessage() => Process(SampleMail.Typical);

    [Benchmark]
    public string OneMegabyteMessage() => Process(SampleMail.Large);

    [Benchmark]
    public string TenMegabyteMessage() => Process(SampleMail.Huge);

    private string Process(byte[] raw)
    {
        var message = _reader.Read("bench", raw);
        _ = _rules.Classify(message);
        var prompt = _prompts.SystemPrompt.Length + PromptBuilder.UserPrompt(message).Length;
        return AnswerParser.Parse("{\"label\": \"Work\"}", _labels) + prompt;
    }
}
