namespace EmailTriage.Cli.Tests.Logging;

/// <summary>A temporary folder for one test's log files.</summary>
internal sealed class LogFolder : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("emailtriage-log-").FullName;

    public string LivePath => Path.Combine(Directory, "email_triage.log");

    public IReadOnlyList<string> FileNames =>
        [.. System.IO.Directory.EnumerateFiles(Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public string Dated(DateOnly day) => Path.Combine(Directory, $"email_triage.{day:yyyy-MM-dd}.log");

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    /// <summary>A file whose last write was at noon on <paramref name="day"/>, as an earlier run left it.</summary>
    public static string Write(string path, DateOnly day, string content)
    {
        File.WriteAllText(path, content);
        File.SetLastWriteTime(path, day.ToDateTime(new TimeOnly(12, 0)));
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
