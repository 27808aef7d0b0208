using System.Text;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mailboxes;

namespace EmailTriage.Core.Tests.Mailboxes;

public sealed class MboxIndexTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private List<(long Start, long Length)> Scan(string content) => Scan(Encoding.ASCII.GetBytes(content));

    private List<(long Start, long Length)> Scan(byte[] content) => [.. MboxIndex.Scan(_workspace.Write("mail.mbox", content))];

    [Fact]
    public void Splits_at_from_lines()
    {
        const string first = "From a@example.com Mon Nov  2 10:00:00 2026\nSubject: one\n\nBody one.\n";
        const string second = "From b@example.com Mon Nov  2 11:00:00 2026\nSubject: two\n\nBody two.\n";

        var messages = Scan(first + second);

        Assert.Equal([(0L, (long)first.Length), (first.Length, second.Length)], messages);
    }

    [Fact]
    public void Only_from_at_the_start_of_a_line_is_a_boundary()
    {
        const string content = "From a@example.com Mon\nSubject: From the team\n\n>From the archive\n From indented\nFromage is cheese.\nFrom: header-like\n";

        var messages = Scan(content);

        Assert.Equal([(0L, (long)content.Length)], messages);
    }

    [Fact]
    public void Reads_crlf_files()
    {
        const string first = "From a@example.com Mon\r\nSubject: one\r\n\r\nBody >From x\r\n";
        const string second = "From b@example.com Tue\r\nSubject: two\r\n\r\nBody\r\n";

        var messages = Scan(first + second);

        Assert.Equal([(0L, (long)first.Length), (first.Length, second.Length)], messages);
    }

    [Fact]
    public void A_body_line_starting_with_From_is_not_a_new_message_even_after_a_blank_line()
    {
        const string first = "From a@example.com Mon Nov  2 10:00:00 2026\nSubject: one\n\nHello,\n\nFrom here on we talk in the new channel.\n\n";
        const string second = "From b@example.com Tue Nov  3 11:00:00 2026\nSubject: two\n\nBody two.\n";

        var messages = Scan(first + second);

        Assert.Equal([(0L, (long)first.Length), (first.Length, second.Length)], messages);
    }

    [Fact]
    public void Text_before_the_first_message_is_skipped()
    {
        const string preamble = "junk that is not mail\n";

        var messages = Scan(preamble + "From a@example.com Mon\nSubject: one\n\nBody\n");

        Assert.Equal(preamble.Length, Assert.Single(messages).Start);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no messages here\n")]
    public void File_without_from_lines_has_no_messages(string content)
    {
        Assert.Empty(Scan(content));
    }

    [Fact]
    public void Finds_a_boundary_that_straddles_the_read_buffer()
    {
        const int block = 64 * 1024;
        for (var markerAt = block - 8; markerAt <= block + 2; markerAt++)
        {
            var content = new StringBuilder("From a@example.com Mon\nSubject: one\n\n");
            while (content.Length < markerAt - 1)
            {
                content.Append(content.Length % 70 == 69 ? '\n' : 'x');
            }

            content.Length = markerAt - 1;
            content.Append('\n');
            content.Append("From b@example.com Tue\nSubject: two\n\nBody\n");

            var messages = Scan(content.ToString());

            Assert.Equal([(0L, (long)markerAt), (markerAt, content.Length - markerAt)], messages);
        }
    }

    [Fact]
    public void Last_line_reading_From_without_newline_is_not_a_message()
    {
        // Past the first 64 KiB block, so the scanner's final pass runs over a partly reused buffer.
        const int block = 64 * 1024;
        var content = new StringBuilder("From a@example.com Mon\nSubject: one\n\n");
        while (content.Length < block)
        {
            content.Append(content.Length % 70 == 69 ? '\n' : 'x');
        }

        content.Length = block;
        content.Append(" regards,\nFrom");

        var messages = Scan(content.ToString());

        Assert.Equal([(0L, (long)content.Length)], messages);
    }
}
