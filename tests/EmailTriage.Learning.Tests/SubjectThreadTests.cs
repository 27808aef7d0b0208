using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

public sealed class SubjectThreadTests
{
    [Theory]
    [InlineData("Re: Budget", "budget", true)]
    [InlineData("RE: Fwd: FW: Budget", "budget", true)]
    [InlineData("AW: WG:  Budget   2027", "budget 2027", true)]
    [InlineData("SV: Budget", "budget", true)]
    [InlineData("Re[2]: Budget", "budget", true)]
    [InlineData("[Fwd: Budget]", "budget", true)]
    [InlineData("Budget", "budget", false)]
    [InlineData("Report: sales", "report: sales", false)]
    public void Strips_reply_and_forward_prefixes(string subject, string expected, bool hadPrefix)
    {
        Assert.Equal(expected, SubjectThread.Normalise(subject, out var prefixed));
        Assert.Equal(hadPrefix, prefixed);
    }
}
