using Google.Apis.Auth.OAuth2;

namespace EmailTriage.Gmail.Auth;

/// <summary>
/// Google.Apis' loopback receiver, which gives up when no browser can be opened (over SSH, in a container);
/// this one then hands the URL to <paramref name="showUrl"/> for the user to open elsewhere and keeps listening.
/// </summary>
public sealed class BrowserCodeReceiver(Action<string> showUrl) : LocalServerCodeReceiver
{
    protected override bool OpenBrowser(string url)
    {
        bool opened;
        try
        {
            opened = base.OpenBrowser(url);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
            opened = false;
        }

        if (!opened)
        {
            showUrl(url);
        }

        return true;
    }
}
