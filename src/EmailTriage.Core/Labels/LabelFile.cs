using System.Text.Json.Serialization;

namespace EmailTriage.Labels;

/// <summary>The JSON shape of <c>labels.json</c>; <see cref="LabelConfigLoader"/> turns it into a <see cref="LabelConfig"/>.</summary>
internal sealed class LabelFile
{
    public List<LabelEntry>? Labels { get; set; }

    public string? Fallback { get; set; }
}

internal sealed class LabelEntry
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<string>? Examples { get; set; }

    public List<RuleEntry>? Rules { get; set; }

    public string? Action { get; set; }
}

internal sealed class RuleEntry
{
    public string? From { get; set; }

    public string? Domain { get; set; }

    [JsonPropertyName("listId")]
    public string? ListId { get; set; }

    public string? Subject { get; set; }

    public string? Header { get; set; }

    public string? Contains { get; set; }
}

// Unknown fields are errors: a misspelt "fallbak" or "domian" would otherwise be ignored without a word.
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(LabelFile))]
internal sealed partial class LabelFileJsonContext : JsonSerializerContext;
