using EmailTriage.Llm;
using BenchmarkDotNet.Attributes;
using EmailTriage.Classification;
using EmailTriage.Labels;
using EmailTriage.Mail;

namespace EmailTriage.Benchmarks;

/// <summary>
/// Our own CPU cost per message: read MIME, pick the rule, build the prompt and write the request, read the server's
/// answer tolerantly and parse the label. The answer cases price the slow paths of tolerant reading on their own.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class PerMessageCostBenchmarks
{
    private readonly MailReader _reader = new(800);
    private LabelConfig _labels = null!;
    private PromptBuilder _prompts = null!;
    private RuleClassifier _rules = null!;
    private BinaryData _schema = null!;

    // What OpenAI sends (the SDK's typed model reads it) and what Ollama sends for an empty done reason (read from the JSON).
    private static readonly BinaryData OpenAiAnswer = BinaryData.FromString(
        """{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"{\"label\": \"Work\"}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":420,"completion_tokens":7,"total_tokens":427}}""");

    private static readonly BinaryData ThinkingNullFinishAnswer = BinaryData.FromString(
        """{"id":"c","object":"chat.completion","created":1,"model":"m","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"<think>A colleague asks about the budget, so this is work.</think>\n{\"label\": \"Work\"}"},"finish_reason":null}],"usage":{"prompt_tokens":420,"completion_tokens":30,"total_tokens":450}}""");

    private static readonly BinaryData NoUsageAnswer = BinaryData.FromString(
        """{"choices":[{"index":0,"message":{"role":"assistant","content":"{\"label\": \"Work\"}"},"finish_reason":"abort"}]}""");

    private static readonly IReadOnlyList<ChatTurn> Turns = [ChatTurn.System("Choose the one label that fits the email best."), ChatTurn.User("<email>\nSubject: Budget review\n</email>")];

    [GlobalSetup]
    public void Setup()
    {
        _labels = LabelConfigLoader.Parse(File.ReadAllText(Path.Combine(SampleMail.RepoRoot, "config", "labels.json")), "labels.json");
        _prompts = new PromptBuilder(_labels);
        _rules = new RuleClassifier(_labels);
        _schema = BinaryData.FromObjectAsJson(new { type = "object", properties = new { label = new { type = "string", @enum = _labels.AllNames } } });
    }

    [Benchmark(Baseline = true)]
    public string TypicalMessage() => Process(SampleMail.Typical);

    [Benchmark]
    public string OneMegabyteMessage() => Process(SampleMail.Large);

    [Benchmark]
    public string TenMegabyteMessage() => Process(SampleMail.Huge);

    [Benchmark]
    public string? AnswerReadByTheSdk() => Label(OpenAiAnswer);

    [Benchmark]
    public string? ThinkingAnswerWithNullFinishReason() => Label(ThinkingNullFinishAnswer);

    [Benchmark]
    public string? AnswerWithoutUsageEstimated() => Label(NoUsageAnswer);

    private string? Label(BinaryData body) =>
        AnswerParser.Parse(ChatAnswerReader.Read(body, content => TokenEstimate.For(Turns, content))!.Text, _labels);

    private string Process(byte[] raw)
    {
        var message = _reader.Read("bench", raw);
        _ = _rules.Classify(message);
        IReadOnlyList<ChatTurn> turns = [ChatTurn.System(_prompts.SystemPrompt), ChatTurn.User(PromptBuilder.UserPrompt(message))];
        var request = ChatRequestBody.Write("model", turns, LlmConnection.AnswerBudget, ChatDialect.For(LlmServerKind.Unknown), _schema);
        return Label(OpenAiAnswer) + request.ToMemory().Length;
    }
}
