namespace EmailTriage.Mailboxes;

/// <summary>A path with every symbolic link along it resolved, so two spellings of one folder are one folder.</summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    public static string Of(string path) => Resolve(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)), 0);

    private static string Resolve(string full, int depth)
    {
        var parent = Path.GetDirectoryName(full);
        if (parent is null || depth > MaxLinks)
        {
            return full;
        }

        var candidate = Path.Combine(Resolve(parent, depth), Path.GetFileName(full));
        var target = Directory.ResolveLinkTarget(candidate, returnFinalTarget: true);
        return target is null ? candidate : Resolve(Path.TrimEndingDirectorySeparator(target.FullName), depth + 1);
    }
}
