using System.Text;

namespace EmailTriage.Benchmarks;

/// <summary>Made-up messages for measuring: a typical one and a 10 MB one.</summary>
internal static class SampleMail
{
    public static string RepoRoot => EmailTriage.Testing.RepoPaths.Root;

    public static byte[] Typical { get; } = File.ReadAllBytes(Path.Combine(RepoRoot, "samples", "inbox", "02-q4-roadmap-review.eml"));

    public static byte[] Large { get; } = BuildHuge(1024 * 1024);

    public static byte[] Huge { get; } = BuildHuge(10 * 1024 * 1024);

    public static byte[] Generated(int index) => Encoding.UTF8.GetBytes(
        $"From: Sender {index} <sender{index % 97}@company{index % 13}.example>\r\n" +
        $"To: alex@morgan.example\r\nSubject: Project update {index}: next steps for the quarterly review\r\n" +
        $"Date: Mon, 16 Nov 2026 09:{index % 60:00}:00 +0000\r\nMessage-ID: <{index}@bench.example>\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
        string.Concat(Enumerable.Repeat($"Hi Alex, here is where item {index} stands and what we need from you this week.\r\n", 12)));

    private static byte[] BuildHuge(int size)
    {
        var text = new StringBuilder(size + 1024);
        text.Append("From: Big Sender <big@files.example>\r\nTo: alex@morgan.example\r\nSubject: The full export you asked for\r\n")
            .Append("Date: Tue, 17 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
            .Append("--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe export is attached. Let me know if anything is missing.\r\n")
            .Append("--b1\r\nContent-Type: application/octet-stream; name=\"export.bin\"\r\nContent-Disposition: attachment; filename=\"export.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        var line = Convert.ToBase64String(new byte[57]) + "\r\n";
        while (text.Length < size)
        {
            text.Append(line);
        }

        return Encoding.ASCII.GetBytes(text.Append("--b1--\r\n").ToString());
    }
}
