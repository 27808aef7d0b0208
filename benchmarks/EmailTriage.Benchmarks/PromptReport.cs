using EmailTriage.Testing;
using Microsoft.ML.Tokenizers;

namespace EmailTriage.Benchmarks;

/// <summary>
/// Prompt tokens per message for the bundled samples with the default 6 labels, and how much of each prompt
/// repeats the previous one byte for byte (what prefix caches reuse). Tokens are counted with o200k_base, a
/// stand-in for Llama 3's tokenizer (also a ~128k-200k tiktoken-style BPE); chat-template tokens are not counted.
/// </summary>
internal static class PromptReport
{
    public static async Task RunAsync()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        llm.Answer = _ => "Work";
        using var workspace = new BenchWorkspace(llm, messages: 0, concurrency: 1);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SampleMail.RepoRoot, "samples", "inbox"), "*.eml"))
        {
            File.Copy(file, Path.Combine(workspace.Inbox, Path.GetFileName(file)));
        }

        var summary = await workspace.RunAsync();
        if (Environment.GetEnvironmentVariable("EMAILTRIAGE_SHOW_PROMPT") is "1")
        {
            Console.WriteLine(llm.Requests[0].System + "\n---\n" + llm.Requests[0].User + "\n---");
        }

        var tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
        var prompts = llm.Requests.Select(r => string.Concat(r.Messages.Select(m => m.Content))).ToList();
        var tokens = prompts.Select(p => tokenizer.CountTokens(p)).Order().ToList();
        var system = tokenizer.CountTokens(llm.Requests[0].System);
        var shared = prompts.Skip(1).Zip(prompts, (current, previous) => (double)CommonPrefix(current, previous) / current.Length).ToList();

        Console.WriteLine($"prompt: {prompts.Count} LLM prompts for the {summary.Candidates} sample messages ({summary.PerSource.GetValueOrDefault(Classification.DecisionSource.Rule)} decided by rules), 6 labels + fallback");
        Console.WriteLine($"  tokens per prompt (o200k_base): mean {tokens.Average():0}, median {tokens[tokens.Count / 2]}, max {tokens[^1]}; fixed system part {system}");
        Console.WriteLine($"  server-reported prompt tokens (fake server: chars/4): mean {summary.Usage.PromptTokens / (double)Math.Max(1, summary.Usage.Calls):0}");
        Console.WriteLine($"  share of each prompt identical to the previous one: mean {shared.Average():P1}, min {shared.Min():P1}");
        Console.WriteLine($"  Together.ai 8B Turbo at $0.18 per million tokens: ${tokens.Average() * 0.18 / 1_000_000:0.000000} per message");
    }

    private static int CommonPrefix(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < length && a[i] == b[i])
        {
            i++;
        }

        return i;
    }
}
