namespace EmailTriage.Graph;

/// <summary>The paths of one mailbox's resources: <c>me/...</c> for a person's sign-in, <c>users/{address}/...</c> for the app's own access.</summary>
internal sealed class GraphPaths(GraphOptions options)
{
    /// <summary>Delta and list pages hold this many messages (Graph's default is 10).</summary>
    public const int PageSize = 200;

    public static readonly IReadOnlyDictionary<string, string> Paged =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Prefer"] = $"odata.maxpagesize={PageSize}" };

    public string User { get; } = string.Equals(options.EffectiveUser, GraphOptions.Me, StringComparison.OrdinalIgnoreCase) || !options.IsAppOnly
        ? "me"
        : $"users/{Uri.EscapeDataString(options.EffectiveUser)}";

    public string Message(string id) => $"{User}/messages/{Uri.EscapeDataString(id)}";

    public string Value(string id) => $"{Message(id)}/$value";

    public string Folder(string idOrWellKnown) => $"{User}/mailFolders/{Uri.EscapeDataString(idOrWellKnown)}";

    public string MasterCategories => $"{User}/outlook/masterCategories";

    /// <summary>OData's quoting: a single quote inside a string literal is doubled, and the whole is escaped for the query.</summary>
    public static string Quote(string value) => Uri.EscapeDataString(value.Replace("'", "''", StringComparison.Ordinal));
}
