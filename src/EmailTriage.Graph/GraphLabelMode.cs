namespace EmailTriage.Graph;

/// <summary>What a label is in Outlook (GRAPH_LABELS_AS).</summary>
internal enum GraphLabelMode
{
    /// <summary>An Outlook category (several per message, like Gmail's labels); the message stays unless its label archives.</summary>
    Categories,

    /// <summary>A folder: applying the label moves the message there, out of the triaged folder.</summary>
    Folders,
}

internal static class GraphLabelModeNames
{
    public const string Allowed = "categories or folders";

    public static GraphLabelMode? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "categories" or "category" => GraphLabelMode.Categories,
        "folders" or "folder" => GraphLabelMode.Folders,
        _ => null,
    };
}
