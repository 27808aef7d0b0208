using EmailTriage.Testing;
using MimeKit;

namespace EmailTriage.Cli.Tests.Support;

/// <summary>A fake model that knows the sample mailbox: it answers each sample's intended label, found by its subject.</summary>
internal static class SampleAnswers
{
    private static readonly Dictionary<string, string> BySubject = SampleLabels.Expected.ToDictionary(
        pair => MimeMessage.Load(Path.Combine(CliWorkspace.RepoRoot, "samples", "inbox", pair.Key)).Subject?.Trim() ?? string.Empty,
        pair => pair.Value);

    public static string Answer(FakeLlmRequest request) =>
        BySubject.FirstOrDefault(pair => request.User.Contains($"Subject: {pair.Key}", StringComparison.Ordinal)).Value ?? "Unknown";
}
