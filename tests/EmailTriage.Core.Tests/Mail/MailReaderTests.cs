using System.Text;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mail;

namespace EmailTriage.Core.Tests.Mail;

public sealed class MailReaderTests
{
    private const int Budget = 1000;
    private static readonly MailReader Reader = new(Budget);

    private static MailMessage Read(string raw) => Reader.Read("m1", Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));

    private static MailMessage Read(Eml eml) => Reader.Read("m1", eml.ToBytes());

    [Fact]
    public void Reads_sender_recipient_subject_and_date()
    {
        var message = Read(new Eml { From = "Ana Ruiz <Ana.Ruiz@Example.COM>", To = "me@example.net, you@example.net", Subject = "  Lunch?  " });

        Assert.Equal("m1", message.Id);
        Assert.Equal("Ana Ruiz <Ana.Ruiz@Example.COM>", message.From);
        Assert.Equal("ana.ruiz@example.com", message.FromAddress);
        Assert.Equal("me@example.net, you@example.net", message.To);
        Assert.Equal("Lunch?", message.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 12, 33, TimeSpan.FromHours(-8)), message.Date);
        Assert.Null(message.Problem);
    }

    [Fact]
    public void Sender_without_display_name_is_the_bare_address()
    {
        Assert.Equal("ana@example.com", Read(new Eml { From = "ana@example.com" }).From);
    }

    [Theory]
    [InlineData("=?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4=?=", "Grüße aus München")]
    [InlineData("=?ISO-8859-1?Q?Caf=E9_cr=E8me_br=FBl=E9e?=", "Café crème brûlée")]
    [InlineData("=?ISO-2022-JP?B?GyRCMnE1RCRON28kSyREJCQkRhsoQg==?=", "会議の件について")]
    [InlineData("=?Shift_JIS?B?ie+LY4LMjI+CyYLCgqKCxA==?=", "会議の件について")]
    [InlineData("=?windows-1252?Q?=93Smart=94_quotes_cost_=805?=", "\u201cSmart\u201d quotes cost \u20ac5")]
    [InlineData("Invoice =?UTF-8?B?6KuL5rGC5pu4?= attached", "Invoice 請求書 attached")]
    public void Decodes_encoded_word_subjects(string encoded, string expected)
    {
        Assert.Equal(expected, Read(new Eml { Subject = encoded }).Subject);
    }

    [Fact]
    public void Decodes_an_8bit_windows_1252_body()
    {
        var head = "From: ana@example.com\r\nSubject: Price\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"u8.ToArray();
        byte[] body = [0x93, (byte)'O', (byte)'n', (byte)'l', (byte)'y', 0x94, (byte)' ', 0x80, (byte)'5'];

        var message = Reader.Read("m1", [.. head, .. body]);

        Assert.Equal("\u201cOnly\u201d \u20ac5", message.Body);
    }

    [Fact]
    public void Html_only_message_becomes_text_without_script_or_style()
    {
        var message = Read(new Eml
        {
            ContentType = "text/html; charset=utf-8",
            Body = """
                <html><head><title>Mailer title</title><style>.promo { color: red; }</style></head>
                <body><script>trackOpen();</script>
                <p>Fish &amp; chips &lt;today&gt;</p><p>Caf&eacute; opens at 9&nbsp;am</p>
                </body></html>
                """,
        });

        Assert.Contains("Fish & chips <today>", message.Body, StringComparison.Ordinal);
        Assert.Contains("Café opens at 9 am", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("trackOpen", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("color", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Mailer title", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Multipart_alternative_prefers_the_text_part()
    {
        var message = Read(new Eml
        {
            ContentType = "multipart/alternative; boundary=\"alt\"",
            Body = """
                --alt
                Content-Type: text/plain; charset=utf-8

                Plain version.
                --alt
                Content-Type: text/html; charset=utf-8

                <p>HTML version.</p>
                --alt--
                """,
        });

        Assert.Equal("Plain version.", message.Body);
    }

    [Fact]
    public void Blank_text_part_falls_back_to_the_html_part()
    {
        var message = Read(new Eml
        {
            ContentType = "multipart/alternative; boundary=\"alt\"",
            Body = "--alt\nContent-Type: text/plain; charset=utf-8\n\n \n\n--alt\nContent-Type: text/html; charset=utf-8\n\n<p>Your order has shipped.</p>\n--alt--\n",
        });

        Assert.Equal("Your order has shipped.", message.Body);
    }

    [Fact]
    public void Multipart_without_closing_boundary_still_gives_the_text()
    {
        var message = Read(new Eml
        {
            ContentType = "multipart/mixed; boundary=\"mix\"",
            Body = "--mix\nContent-Type: text/plain; charset=utf-8\n\nThe text survives.\n--mix\nContent-Type: application/pdf; name=\"a.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK",
        });

        Assert.Equal("The text survives.", message.Body);
        Assert.Equal("Hello", message.Subject);
    }

    [Fact]
    public void Garbage_header_lines_still_give_a_result()
    {
        var message = Read("From: Ana <ana@example.com>\n::::: ??? not a header at all\nSubject: Still readable\n\nBody here.\n");

        Assert.Equal("m1", message.Id);
        Assert.Equal("ana@example.com", message.FromAddress);
        Assert.Contains("Body here.", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_starts_without_headers_still_gives_a_result()
    {
        var message = Read("this line is not a header\nneither is this one\n\nBut there is text.\n");

        Assert.Equal("m1", message.Id);
        Assert.Contains("But there is text.", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_bytes_give_a_result_with_a_problem()
    {
        var bytes = new byte[4096];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 131) ^ (i >> 3));
        }

        var message = Reader.Read("bin", bytes);

        Assert.Equal("bin", message.Id);
        Assert.Equal("not a MIME message (Failed to parse message headers)", message.Problem);
        Assert.Equal((string.Empty, string.Empty, string.Empty), (message.From, message.FromAddress, message.Subject));
        Assert.NotEmpty(message.Body);
        Assert.True(message.Body.Length <= Budget);
    }

    [Fact]
    public void Empty_input_gives_a_result_with_a_problem()
    {
        var message = Reader.Read("empty", []);

        Assert.Equal("empty", message.Id);
        Assert.Equal("the message is empty", message.Problem);
        Assert.Empty(message.Body);
    }

    [Fact]
    public async Task Empty_stream_gives_a_result_with_a_problem()
    {
        using var stream = new MemoryStream();

        var message = await Reader.ReadAsync("empty", stream, TestContext.Current.CancellationToken);

        Assert.Equal(("empty", "the message is empty", string.Empty, string.Empty, string.Empty), (message.Id, message.Problem, message.From, message.Subject, message.Body));
    }

    [Fact]
    public void Message_without_subject_is_fine()
    {
        var message = Read(new Eml { Subject = null, Body = "No subject line here." });

        Assert.Equal(string.Empty, message.Subject);
        Assert.Equal("No subject line here.", message.Body);
        Assert.Null(message.Problem);
    }

    [Fact]
    public async Task Ten_megabyte_attachment_is_not_read_and_body_is_cut_to_budget()
    {
        var raw = new StringBuilder();
        raw.Append("From: ana@example.com\r\nSubject: Big one\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
        raw.Append("--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        for (var i = 0; i < 60; i++)
        {
            raw.Append("The quarterly numbers are attached for review by the team.\r\n");
        }

        raw.Append("--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"huge.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        var line = new string('A', 76) + "\r\n";
        while (raw.Length < 10 * 1024 * 1024)
        {
            raw.Append(line);
        }

        raw.Append("--b1--\r\n");
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(raw.ToString()));

        var message = await Reader.ReadAsync("big", stream, TestContext.Current.CancellationToken);

        Assert.Equal("Big one", message.Subject);
        Assert.True(message.Body.Length <= Budget, $"body has {message.Body.Length} characters");
        Assert.EndsWith("…", message.Body, StringComparison.Ordinal);
        Assert.StartsWith("The quarterly numbers", message.Body, StringComparison.Ordinal);
        Assert.Equal(["huge.bin"], message.Attachments);
        Assert.True(stream.Position < stream.Length / 10, $"read {stream.Position} of {stream.Length} bytes");
    }

    [Fact]
    public async Task Ten_megabyte_text_body_is_cut_to_budget()
    {
        var raw = new StringBuilder("From: ana@example.com\r\nSubject: Long read\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        while (raw.Length < 10 * 1024 * 1024)
        {
            raw.Append("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n");
        }

        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(raw.ToString()));

        var message = await Reader.ReadAsync("long", stream, TestContext.Current.CancellationToken);

        Assert.Equal("Long read", message.Subject);
        Assert.InRange(message.Body.Length, Budget - 60, Budget);
        Assert.EndsWith("…", message.Body, StringComparison.Ordinal);
        Assert.True(stream.Position < stream.Length / 10, $"read {stream.Position} of {stream.Length} bytes");
    }

    [Fact]
    public void Quoted_reply_is_trimmed()
    {
        var message = Read(new Eml
        {
            Body = """
                Sounds good, see you then.

                On Mon, 2 Nov 2026 at 10:00, Ana Ruiz <ana@example.com> wrote:
                > Shall we meet at 3?
                > Ana
                """,
        });

        Assert.Equal("Sounds good, see you then.", message.Body);
    }

    [Fact]
    public void Interleaved_quote_lines_are_dropped()
    {
        var message = Read(new Eml { Body = "> Can you send the file?\nAttached now.\n> Thanks\nCheers" });

        Assert.Equal("Attached now.\nCheers", message.Body);
    }

    [Fact]
    public void Signature_after_dash_dash_space_is_trimmed()
    {
        var message = Read(new Eml { Body = "See the figures below.\n\n-- \nAna Ruiz\n+1 555 0100" });

        Assert.Equal("See the figures below.", message.Body);
    }

    [Fact]
    public void Attachments_are_named_but_not_read()
    {
        var message = Read(new Eml
        {
            ContentType = "multipart/mixed; boundary=\"mix\"",
            Body = """
                --mix
                Content-Type: text/plain; charset=utf-8

                Notes attached.
                --mix
                Content-Type: text/plain; charset=utf-8; name="notes.txt"
                Content-Disposition: attachment; filename="notes.txt"

                SECRET-ATTACHMENT-CONTENT
                --mix
                Content-Type: application/pdf
                Content-Disposition: attachment; filename="report.pdf"
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --mix--
                """,
        });

        Assert.Equal("Notes attached.", message.Body);
        Assert.Equal(["notes.txt", "report.pdf"], message.Attachments);
    }

    [Fact]
    public void List_id_and_other_headers_are_captured()
    {
        var message = Read(new Eml
        {
            Headers = ["List-Id: .NET Weekly <dotnet-weekly.example.org>", "X-Tag: first", "X-Tag: second"],
        });

        Assert.Equal(".NET Weekly <dotnet-weekly.example.org>", message.ListId);
        Assert.Equal("first", message.Header("x-tag"));
        Assert.Null(message.Header("X-Missing"));
    }

    [Fact]
    public void Message_without_list_id_has_none()
    {
        Assert.Null(Read(new Eml()).ListId);
    }

    [Fact]
    public async Task Message_given_as_parts_is_read_like_mail()
    {
        var message = await Reader.ReadPartsAsync("cli", "Ana Ruiz <Ana@Example.com>", "Grüße", "Hello\n\n-- \nAna", TestContext.Current.CancellationToken);

        Assert.Equal(("cli", "ana@example.com", "Grüße", "Hello"), (message.Id, message.FromAddress, message.Subject, message.Body));
        Assert.Null(message.Problem);
    }
}
