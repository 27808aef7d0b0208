using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Evaluation;

namespace EmailTriage.Core.Tests.Evaluation;

public sealed class SettingsOverlayTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void The_file_replaces_and_adds_settings_and_keeps_the_rest()
    {
        var file = _workspace.Write("other.env", "# a cheaper model\nLLM_MODEL=small-model\nLABEL_CONFIG_FILE=config/labels-v2.json\n");
        KeyValuePair<string, string?>[] current = [new("LLM_MODEL", "big-model"), new("LLM_BASE_URL", "http://localhost:8080/v1")];

        var merged = SettingsOverlay.Apply(current, file).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("small-model", merged["LLM_MODEL"]);
        Assert.Equal("http://localhost:8080/v1", merged["LLM_BASE_URL"]);
        Assert.Equal("config/labels-v2.json", merged["LABEL_CONFIG_FILE"]);
    }

    [Fact]
    public void A_json_file_is_another_label_file()
    {
        var file = _workspace.Write("labels-v2.json", """{"labels":[{"name":"Work","description":"d"}]}""");
        KeyValuePair<string, string?>[] current = [new("LLM_MODEL", "big-model"), new("LABEL_CONFIG_FILE", "config/labels.json")];

        var merged = SettingsOverlay.Apply(current, file).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(Path.GetFullPath(file), merged["LABEL_CONFIG_FILE"]);
        Assert.Equal("big-model", merged["LLM_MODEL"]);
    }

    [Fact]
    public void A_missing_file_is_a_settings_error_naming_it()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsOverlay.Apply([], _workspace.PathOf("missing.env")));

        Assert.Contains("missing.env", error.Message, StringComparison.Ordinal);
    }
}
