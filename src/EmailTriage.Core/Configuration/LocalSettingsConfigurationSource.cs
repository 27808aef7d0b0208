using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace EmailTriage.Configuration;

/// <summary>
/// Reads the <c>Values</c> of an Azure Functions <c>local.settings.json</c>, so the CLI and
/// <c>func start</c> can share one settings file.
/// </summary>
internal sealed class LocalSettingsConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LocalSettingsConfigurationProvider(path);
}

internal sealed class LocalSettingsConfigurationProvider(string path) : ConfigurationProvider
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public override void Load()
    {
        Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), Options);
            if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var setting in values.EnumerateObject())
                {
                    Data[setting.Name] = setting.Value.ValueKind == JsonValueKind.String
                        ? setting.Value.GetString()
                        : setting.Value.GetRawText();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new SettingsException(
                $"{path} line {ex.LineNumber + 1}: not valid JSON ({ex.Message.Split('.')[0]}). Fix the file or remove it.", ex);
        }
    }
}
