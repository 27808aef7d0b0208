namespace EmailTriage.Testing;

/// <summary>
/// The public corpus of real mail (<c>../shared/data/public-mail</c> beside the repository): <c>labelled</c> and
/// <c>malformed</c> messages as people's mail programs wrote them. It is never copied into the repository, so tests
/// that use it skip, saying why, where it is absent.
/// </summary>
public static class PublicMail
{
    /// <summary>The corpus folder, or null when this machine has none.</summary>
    public static string? Folder { get; } =
        new[] { Path.Combine(RepoPaths.Root, "..", "shared", "data", "public-mail"), "/work/shared/data/public-mail" }.FirstOrDefault(Directory.Exists);

    /// <summary>Why tests of real mail are skipped here, or null when the corpus is present.</summary>
    public static string? Missing => Folder is null
        ? $"The public mail corpus is not at {Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "public-mail"))} nor /work/shared/data/public-mail."
        : null;

    /// <summary>The bytes of one message, e.g. <c>malformed/025-long-header.eml</c>; the corpus must be present.</summary>
    public static byte[] Read(string relativePath) =>
        File.ReadAllBytes(Path.Combine(Folder ?? throw new InvalidOperationException(Missing), relativePath));
}
