namespace EmailTriage.Core.Tests.Support;

/// <summary>A fresh folder under the system temp directory, deleted when the test ends.</summary>
public sealed class TempWorkspace : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("emailtriage-tests-").FullName;

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text)
    {
        var path = Prepare(relative);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string relative, byte[] bytes)
    {
        var path = Prepare(relative);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a failing test must not hide that test's real failure.
        }
    }

    private string Prepare(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
