using System.Runtime.CompilerServices;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;

namespace EmailTriage.Evaluation;

/// <summary>
/// A truth folder: <c>PATH/&lt;Label&gt;/*.eml</c> (or <c>.mbox</c>), nested folders for nested labels
/// (<c>PATH/Triage/Receipts/</c> is "Triage/Receipts"). Ids are relative paths such as <c>Finance/09.eml</c>.
/// Files directly in PATH and folders starting with a dot are not read.
/// </summary>
public sealed class LabelledFolderMailbox : ILabelledMailbox
{
    private readonly string _root;

    public LabelledFolderMailbox(string path)
    {
        _root = Path.GetFullPath(path);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException(
                $"Labelled mail folder not found: {_root}. Pass --mailbox with a folder holding one subfolder per label, e.g. Finance/*.eml (see docs/evaluation.md).");
        }

        Description = $"labelled folder {_root}";
    }

    public string Description { get; }

    public async IAsyncEnumerable<LabelledMessage> ListAsync(LabelConfig labels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var folder in LabelFolders(_root).Order(StringComparer.Ordinal))
        {
            var truth = Path.GetRelativePath(_root, folder).Replace(Path.DirectorySeparatorChar, '/');

            // A session over no triage record offers every message the folder holds, and can write nothing.
            await using var session = new FolderSession(new FolderMailbox(folder), LabelRecordContents.Empty, record: null, feedback: null);
            await foreach (var item in session.ListNewAsync(max: null, cancellationToken))
            {
                yield return new LabelledMessage(item with { Id = $"{truth}/{item.Id.Replace(Path.DirectorySeparatorChar, '/')}" }, truth);
            }
        }
    }

    private static IEnumerable<string> LabelFolders(string root) =>
        Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)
            .Where(folder => !Path.GetRelativePath(root, folder).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Where(HoldsMail);

    private static bool HoldsMail(string folder) =>
        Directory.EnumerateFiles(folder).Any(f => f.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase));
}
