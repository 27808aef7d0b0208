using System.Text;
using System.Text.Json;
using EmailTriage.Testing;

namespace EmailTriage.Functions.Tests.Support;

/// <summary>
/// A mailbox list of folder mailboxes (each a folder of .eml files) in a <see cref="FunctionsWorkspace"/>, with its state,
/// leases and queue in Azurite, as the Functions host sees them in Azure.
/// </summary>
internal static class MailboxListWorkspace
{
    /// <summary>Folder mailboxes named m01.. with <paramref name="messages"/> each; <paramref name="missing"/> names one whose folder does not exist.</summary>
    public static async Task<(FunctionsWorkspace Workspace, string Queue)> StartAsync(AzuriteServer azurite, FakeLlmServer llm, int mailboxes, int messages, string? missing = null)
    {
        var workspace = (await FunctionsWorkspace.StartAsync(messages: 0)).WithLlm(llm.BaseUrl);
        var entries = new List<object>();
        for (var m = 1; m <= mailboxes; m++)
        {
            var name = $"m{m:00}";
            var folder = Path.Combine(workspace.Directory, "mail", name);
            Directory.CreateDirectory(folder);
            for (var i = 1; i <= messages; i++)
            {
                File.WriteAllText(Path.Combine(folder, $"{i:00}.eml"), $"From: c{i}@corp.example\r\nTo: {name}@example.com\r\nSubject: Item {i} for {name}\r\n\r\nPlease look at item {i}.\r\n", Encoding.ASCII);
            }

            entries.Add(new { name, kind = "folder", path = $"mail/{name}" });
        }

        if (missing is not null)
        {
            entries.Add(new { name = missing, kind = "folder", path = $"mail/{missing}" });
        }

        var list = Path.Combine(workspace.Directory, "mailboxes.json");
        File.WriteAllText(list, JsonSerializer.Serialize(new { mailboxes = entries }));
        var queue = $"q{Guid.NewGuid():N}";
        workspace
            .With("MAILBOXES_FILE", list)
            .With("EMAILTRIAGE_STORAGE", azurite.ConnectionString)
            .With("EMAILTRIAGE_STATE_CONTAINER", $"state-{Guid.NewGuid():N}")
            .With("EMAILTRIAGE_QUEUE", queue)
            .With("EMAILTRIAGE_LEASE_SECONDS", "15");
        return (workspace, queue);
    }

    public static int Triaged(FunctionsWorkspace workspace, string mailbox)
    {
        var record = Path.Combine(workspace.Directory, "mail", mailbox, ".emailtriage", "labels.jsonl");
        return File.Exists(record) ? File.ReadAllLines(record).Length : 0;
    }
}
