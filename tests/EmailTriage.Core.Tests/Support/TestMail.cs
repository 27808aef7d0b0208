using EmailTriage.Mail;

namespace EmailTriage.Core.Tests.Support;

/// <summary>Messages shared by the LLM tests.</summary>
internal static class TestMail
{
    /// <summary>An invoice no rule in <see cref="TestLabels.Standard"/> matches, so the LLM decides it.</summary>
    public static readonly MailMessage Invoice = new()
    {
        Id = "m1",
        From = "Hosting Co <billing@hosting.example>",
        FromAddress = "billing@hosting.example",
        Subject = "Invoice 2211 for October",
        Body = "Your invoice is attached. Amount due: 12.00 EUR.",
    };
}
