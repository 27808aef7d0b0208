using EmailTriage.Gmail.Auth;

namespace EmailTriage.Gmail.Tests.Auth;

public sealed class BrowserCodeReceiverTests
{
    private const string Url = "https://accounts.example/o/oauth2/auth?client_id=c";

    [Fact]
    public void Says_it_opened_the_browser_only_once_it_has()
    {
        var events = new List<string>();
        var receiver = new BrowserCodeReceiver(url => events.Add($"show {url}"), () => events.Add("opened"));

        var listening = receiver.Open(Url, url =>
        {
            events.Add($"launch {url}");
            return true;
        });

        Assert.True(listening);
        Assert.Equal([$"launch {Url}", "opened"], events);
    }

    [Fact]
    public void Shows_the_address_and_does_not_say_opened_when_no_browser_starts()
    {
        var events = new List<string>();
        var receiver = new BrowserCodeReceiver(url => events.Add($"show {url}"), () => events.Add("opened"));

        Assert.True(receiver.Open(Url, _ => false));
        Assert.True(receiver.Open(Url, _ => throw new System.ComponentModel.Win32Exception("no xdg-open")));

        Assert.Equal([$"show {Url}", $"show {Url}"], events);
    }
}
