using System.Globalization;
using System.Text.RegularExpressions;

namespace EmailTriage.Cli.Logging;

/// <summary>
/// Moves a live log file last written before today to <c>name.yyyy-MM-dd.ext</c> (the day of its last record) and
/// keeps the newest <see cref="KeptDays"/> such files. Another run may have done either first; that is fine.
/// </summary>
internal sealed partial class LogFileRollOver(string livePath, TimeZoneInfo localZone)
{
    public const int KeptDays = 14;

    private readonly string _directory = Path.GetDirectoryName(livePath)!;
    private readonly string _stem = Path.GetFileNameWithoutExtension(livePath);
    private readonly string _extension = Path.GetExtension(livePath);

    public string DatedPath(DateOnly day) =>
        Path.Combine(_directory, $"{_stem}.{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{_extension}");

    public void RollOverIfOlderThan(DateOnly today)
    {
        if (!File.Exists(livePath))
        {
            return;
        }

        var lastWrite = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(File.GetLastWriteTimeUtc(livePath), localZone));
        if (lastWrite >= today)
        {
            return;
        }

        try
        {
            File.Move(livePath, DatedPath(lastWrite), overwrite: false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or IOException)
        {
            // Another run moved it first (or that day's file already exists); either way nothing is lost.
        }

        Prune();
    }

    private void Prune()
    {
        var dated = Directory.EnumerateFiles(_directory)
            .Select(file => (File: file, Day: DayOf(Path.GetFileName(file))))
            .Where(entry => entry.Day is not null)
            .OrderByDescending(entry => entry.Day)
            .Skip(KeptDays);
        foreach (var (file, _) in dated)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Held open elsewhere or already gone; the next roll-over tries again.
            }
        }
    }

    // name.2026-11-30.log, and the Serilog sink's name20261130.log of earlier versions, so those age out too.
    private DateOnly? DayOf(string fileName)
    {
        if (!fileName.StartsWith(_stem, StringComparison.Ordinal) || !fileName.EndsWith(_extension, StringComparison.Ordinal)
            || fileName.Length <= _stem.Length + _extension.Length)
        {
            return null;
        }

        var middle = fileName[_stem.Length..^_extension.Length];
        return DatePattern().IsMatch(middle) && DateOnly.TryParseExact(middle.TrimStart('.'), ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    [GeneratedRegex(@"^(\.\d{4}-\d{2}-\d{2}|\d{8})$")]
    private static partial Regex DatePattern();
}
