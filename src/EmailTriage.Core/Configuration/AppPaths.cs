namespace EmailTriage.Configuration;

/// <summary>The folder that relative paths in settings (label file, log file, mailbox) are resolved against.</summary>
public sealed record AppPaths(string BaseDirectory)
{
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(BaseDirectory, path));
}
