using System.Diagnostics;
using System.Text.RegularExpressions;
using EmailTriage.Evaluation;
using EmailTriage.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Benchmarks;

/// <summary>
/// Wall time of <c>eval</c> over a generated truth folder against a loopback LLM with fixed latency and N slots,
/// against the ideal N-way bound: evaluation reuses the runner, so it should be as close to the bound as triage.
/// </summary>
internal static partial class EvalReport
{
    private static readonly string[] Labels = ["Work", "Personal", "Finance", "Newsletters", "Notifications", "Promotions"];

    public static async Task RunAsync(int messages, TimeSpan latency, int slots)
    {
        await using var llm = await FakeLlmServer.StartAsync();
        llm.Latency = latency;
        llm.Slots = slots;
        llm.RecordRequests = false;

        // Message i belongs to Labels[i % 6]; the model gets every tenth one wrong (one label along).
        llm.Answer = request =>
        {
            var i = int.Parse(Index().Match(request.User).Groups[1].Value);
            return Labels[(i + (i % 10 == 0 ? 1 : 0)) % Labels.Length];
        };

        var directory = Directory.CreateTempSubdirectory("emailtriage-bench-eval-").FullName;
        try
        {
            for (var i = 0; i < messages; i++)
            {
                var folder = Directory.CreateDirectory(Path.Combine(directory, "truth", Labels[i % Labels.Length])).FullName;
                File.WriteAllBytes(Path.Combine(folder, $"{i:00000}.eml"), SampleMail.Generated(i));
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["LLM_BASE_URL"] = llm.BaseUrl.ToString(),
                ["LLM_MODEL"] = "test-model",
                ["LLM_MAX_CONCURRENCY"] = slots.ToString(),
                ["LABEL_CONFIG_FILE"] = Path.Combine(SampleMail.RepoRoot, "config", "labels.json"),
            }).Build();
            await using var services = new ServiceCollection().AddEmailTriage(configuration, directory).AddLlm().AddLogging().BuildServiceProvider();
            var labels = services.GetRequiredService<EmailTriage.Labels.LabelConfigLoader>().Load();

            var timer = Stopwatch.StartNew();
            var set = await EvalSet.LoadAsync(new LabelledFolderMailbox(Path.Combine(directory, "truth")), labels, sample: null, seed: 42, CancellationToken.None);
            var run = await ActivatorUtilities.CreateInstance<EvalRunner>(services).RunAsync(set, progress: null, CancellationToken.None);
            var result = EvalResult.From(run, new TokenPrice(0.18, 0.18));
            timer.Stop();

            var bound = messages * latency.TotalSeconds / slots;
            var scores = result.Scores;
            Console.WriteLine($"eval: {messages} labelled messages, {latency.TotalMilliseconds:0} ms latency, {slots} slots, LLM_MAX_CONCURRENCY={slots}");
            Console.WriteLine($"  wall time {timer.Elapsed.TotalSeconds:0.000} s, lower bound {bound:0.000} s, ratio {timer.Elapsed.TotalSeconds / bound:0.000} (target <= 1.15)");
            Console.WriteLine($"  accuracy {scores.AccuracyOverAll:P1} (expected 90.0 %), LLM calls {scores.LlmCalls}, latency p50 {scores.LatencyP50Ms:0} ms, p95 {scores.LatencyP95Ms:0} ms, most requests in flight {llm.MaxConcurrencySeen}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"Subject: Project update (\d+):")]
    private static partial Regex Index();
}
