using Google.Apis.Auth.OAuth2;

namespace EmailTriage.Gmail.Auth;

/// <summary>
/// Google.Apis' loopback receiver, which gives up when no browser can be opened (over SSH, in a container);
/// this one then hands the URL to <paramref name="showUrl"/> for the user to open elsewhere and keeps listening.
/// <paramref name="opened"/> hears when a browser did open, so nobody is told "opening" before it happens.
/// </summary>
internal sealed class BrowserCodeReceiver(Action<string> showUrl, Action? opened = null) : LocalServerCodeReceiver
{
    protected override bool OpenBrowser(string url) => Open(url, base.OpenBrowser);

    /// <summary>Tries <paramref name="browser"/> and says which way it went; true always, so the receiver keeps listening.</summary>
    internal bool Open(string url, Func<string, bool> browser)
    {
        bool launched;
        try
        {
            launched = browser(url);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
            launched = false;
        }

        if (launched)
        {
            opened?.Invoke();
        }
        else
        {
            showUrl(url);
        }

        return true;
    }
}
