using System.Text;
using EmailTriage.Gmail.Api;

namespace EmailTriage.Gmail.Tests.Api;

public sealed class Base64UrlTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("Ünïcode ?>~ subjects")]
    public void Round_trips_with_and_without_padding(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var unpadded = Base64Url.Encode(bytes);
        var padded = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');

        Assert.DoesNotContain('=', unpadded);
        Assert.Equal(bytes, Base64Url.Decode(unpadded));
        Assert.Equal(bytes, Base64Url.Decode(padded));
    }

    [Fact]
    public void Rejects_what_is_not_base64url()
    {
        Assert.Throws<FormatException>(() => Base64Url.Decode("not base64!"));
    }
}
