namespace EmailTriage.Gmail.Tests;

public sealed class GmailQueryTests
{
    [Theory]
    [InlineData("Receipts", "receipts")]
    [InlineData("Triage/Old mail", "triage-old-mail")]
    [InlineData("EmailTriage/Triaged", "emailtriage-triaged")]
    [InlineData("Café & Bar", "café---bar")]
    public void Spells_label_names_the_way_gmail_search_does(string name, string expected)
    {
        Assert.Equal(expected, GmailQuery.SearchName(name));
    }

    [Fact]
    public void Appends_one_exclusion_per_label()
    {
        Assert.Equal("in:inbox -label:a -label:b-c", GmailQuery.Excluding("  in:inbox ", ["A", "B/C"]));
    }
}
