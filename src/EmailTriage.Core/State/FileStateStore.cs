namespace EmailTriage.State;

/// <summary>
/// State as files in one folder. An item is written to a temporary file, flushed to the disk and renamed over the old
/// one, so a kill or a power loss leaves the old item or the new one; the temporary a kill leaves behind is removed by a
/// later write (<see cref="StateTemporaries"/>).
/// </summary>
public sealed class FileStateStore(string directory) : IStateStore
{
    public string Directory { get; } = directory;

    public string Description => $"folder {Directory}";

    /// <summary>One file named on the command line (--model FILE) as an item of the store of its folder.</summary>
    public static (FileStateStore Store, string Name) ForFile(string path)
    {
        var full = Path.GetFullPath(path);
        return (new FileStateStore(Path.GetDirectoryName(full)!), Path.GetFileName(full));
    }

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(name);
        System.IO.Directory.CreateDirectory(Directory);

        // Before this write takes room: a write killed half-way left its temporary, which only a later write can remove.
        StateTemporaries.RemoveStale(Directory, DateTime.UtcNow);
        var temporary = StateTemporaries.Start(path);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
            StateTemporaries.Done(temporary);
        }
    }

    public async Task AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        System.IO.Directory.CreateDirectory(Directory);

        // One write of whole lines, then to the disk: a kill leaves the lines before it whole, at worst a part of this one.
        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        await file.WriteAsync(content, cancellationToken);
        file.Flush(flushToDisk: true);
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, $"{prefix}*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(file);
            if (!name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                yield return name;
            }
        }
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(name));
        return Task.CompletedTask;
    }

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a state item name (one file name, no folders).", nameof(name));
        }

        return Path.Combine(Directory, name);
    }
}
