namespace EmailTriage.Graph.Auth;

/// <summary>
/// The least a run needs. A person's sign-in (delegated): Mail.ReadWrite to read, categorise and move mail, plus, with
/// categories, MailboxSettings.ReadWrite to add the labels to the master category list (without it the categories are
/// still applied, only without a colour). The app's own access: <c>.default</c>, which is the application permissions
/// (or Exchange RBAC role) granted to it.
/// </summary>
internal static class GraphScopes
{
    public const string Resource = "https://graph.microsoft.com";

    public static IReadOnlyList<string> For(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resource = ResourceOf(options.EffectiveApiBaseUrl);
        if (options.IsAppOnly)
        {
            return [$"{resource}/.default"];
        }

        return options.EffectiveLabelMode == GraphLabelMode.Categories
            ? [$"{resource}/Mail.ReadWrite", $"{resource}/MailboxSettings.ReadWrite"]
            : [$"{resource}/Mail.ReadWrite"];
    }

    /// <summary>The national clouds have their own Graph (graph.microsoft.us, microsoftgraph.chinacloudapi.cn); anything else is asked of the global one.</summary>
    private static string ResourceOf(string apiBaseUrl) =>
        Uri.TryCreate(apiBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Contains("graph", StringComparison.OrdinalIgnoreCase)
            ? $"https://{uri.Host}"
            : Resource;
}
