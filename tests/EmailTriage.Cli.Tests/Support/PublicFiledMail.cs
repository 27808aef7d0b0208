using System.Text.Json.Nodes;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Support;

/// <summary>
/// The public corpus's labelled mail (real messages) filed as a user keeps it: <c>mail/&lt;Label&gt;/&lt;file&gt;.eml</c> for
/// <c>learn</c> (the labels are the corpus's own, from its SOURCES.md), the corpus's label file as <c>config/labels.json</c>,
/// and <c>mail/</c> itself as the folder mailbox that triage works through. Tests skip, saying why, where the corpus is absent.
/// </summary>
internal static class PublicFiledMail
{
    /// <summary>A workspace with every labelled message filed under its label, no LLM, and the learned model deciding whatever it can.</summary>
    public static CliWorkspace Workspace()
    {
        if (PublicMail.Missing is { } missing)
        {
            Assert.Skip(missing);
        }

        var workspace = new CliWorkspace(withSamples: false).With("LEARNED_TARGET_PRECISION", "0");
        File.Copy(Path.Combine(PublicMail.Folder!, "labels.json"), Path.Combine(workspace.Directory, "config", "labels.json"), overwrite: true);
        foreach (var (file, label) in Labelled())
        {
            var folder = Directory.CreateDirectory(Path.Combine(workspace.Directory, "mail", label)).FullName;
            File.Copy(Path.Combine(PublicMail.Folder!, file), Path.Combine(folder, Path.GetFileName(file)));
        }

        return workspace;
    }

    /// <summary>Copies the corpus's <c>labelled/<paramref name="corpusFile"/></c> into the mailbox as <paramref name="name"/>: new mail for triage.</summary>
    public static void AddNew(CliWorkspace workspace, string corpusFile, string name) =>
        File.Copy(Path.Combine(PublicMail.Folder!, "labelled", corpusFile), Path.Combine(workspace.Directory, "mail", name));

    /// <summary>Writes <c>config/<paramref name="fileName"/></c>: the corpus's label file without <paramref name="left"/>.</summary>
    public static void WriteLabelsWithout(CliWorkspace workspace, string fileName, string left)
    {
        var labels = JsonNode.Parse(File.ReadAllText(Path.Combine(PublicMail.Folder!, "labels.json")))!.AsObject();
        var list = labels["labels"]!.AsArray();
        list.Remove(list.Single(l => (string?)l!["name"] == left));
        File.WriteAllText(Path.Combine(workspace.Directory, "config", fileName), labels.ToJsonString());
    }

    public static string RecordPath(CliWorkspace workspace) => Path.Combine(workspace.Directory, "mail", ".emailtriage", "labels.jsonl");

    public static string ModelPath(CliWorkspace workspace) => Path.Combine(workspace.Directory, "mail", ".emailtriage", "learned-model.zip");

    public static string Log(CliWorkspace workspace)
    {
        var path = Path.Combine(workspace.Directory, "data", "logs", "test.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    // SOURCES.md has one table row per labelled message: | labelled/<file> | repo | path | commit | license | label | why |
    private static IEnumerable<(string File, string Label)> Labelled() =>
        File.ReadLines(Path.Combine(PublicMail.Folder!, "SOURCES.md"))
            .Where(line => line.StartsWith("| labelled/", StringComparison.Ordinal))
            .Select(line => line.Split('|'))
            .Select(cells => (cells[1].Trim(), cells[6].Trim()));
}
