using System.Text;

namespace EmailTriage.Mail;

/// <summary>
/// .NET Core knows only UTF-8/16/32, ASCII and Latin-1 until the code pages are registered; without them windows-1252,
/// Shift_JIS, ISO-2022-JP, KOI8-R, ... come out as mojibake. MimeKit remembers what it found the first time it looks a
/// charset up, so this must run before anything of ours touches MimeKit, not just before the first message is read.
/// </summary>
internal static class CodePages
{
    static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Registers the code pages once per process; later calls cost nothing.</summary>
    public static void EnsureRegistered()
    {
        // The static constructor does the work, exactly once.
    }
}
