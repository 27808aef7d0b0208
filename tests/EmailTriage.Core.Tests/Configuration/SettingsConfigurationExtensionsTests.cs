using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace EmailTriage.Core.Tests.Configuration;

public sealed class SettingsConfigurationExtensionsTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private IConfigurationRoot Build(Dictionary<string, string?>? environment = null, bool readDotEnv = true) =>
        new ConfigurationBuilder()
            .AddEmailTriageSettings(_workspace.Root, environment ?? [], readDotEnv)
            .Build();

    private void WriteLocalSettings(string values) =>
        _workspace.Write("local.settings.json", $$"""{ "IsEncrypted": false, "Values": { {{values}} } }""");

    [Fact]
    public void Environment_overrides_dotenv_which_overrides_local_settings()
    {
        WriteLocalSettings("\"A\": \"local\", \"B\": \"local\", \"C\": \"local\"");
        _workspace.Write(".env", "B=dotenv\nC=dotenv\n");

        var configuration = Build(new() { ["C"] = "environment" });

        Assert.Equal("local", configuration["A"]);
        Assert.Equal("dotenv", configuration["B"]);
        Assert.Equal("environment", configuration["C"]);
    }

    [Fact]
    public void Missing_files_give_only_the_environment()
    {
        var configuration = Build(new() { ["LLM_MODEL"] = "llama" });

        Assert.Equal("llama", configuration["LLM_MODEL"]);
        Assert.Null(configuration["LLM_BASE_URL"]);
    }

    [Fact]
    public void Dotenv_is_ignored_when_not_wanted()
    {
        _workspace.Write(".env", "LLM_MODEL=from-dotenv\n");

        var configuration = Build(readDotEnv: false);

        Assert.Null(configuration["LLM_MODEL"]);
    }

    [Fact]
    public void Local_settings_non_string_values_are_read_as_text()
    {
        WriteLocalSettings("\"LLM_MAX_CONCURRENCY\": 3, \"FLAG\": true");

        var configuration = Build();

        Assert.Equal("3", configuration["LLM_MAX_CONCURRENCY"]);
        Assert.Equal("true", configuration["FLAG"]);
    }

    [Fact]
    public void Local_settings_allows_comments_and_trailing_commas()
    {
        _workspace.Write("local.settings.json", "{\n  // for func start\n  \"Values\": { \"LLM_MODEL\": \"llama\", },\n}\n");

        Assert.Equal("llama", Build()["LLM_MODEL"]);
    }

    [Fact]
    public void Only_the_values_section_of_local_settings_is_read()
    {
        _workspace.Write("local.settings.json", """{ "Host": { "LocalHttpPort": 7071 }, "Values": { "A": "1" } }""");

        var configuration = Build();

        Assert.Equal("1", configuration["A"]);
        Assert.Null(configuration["Host:LocalHttpPort"]);
    }

    [Fact]
    public void Broken_local_settings_names_the_file_and_line()
    {
        var path = _workspace.Write("local.settings.json", "{\n  \"Values\": {\n    \"A\": \"1\"\n    \"B\": \"2\"\n  }\n}\n");

        var error = Assert.Throws<SettingsException>(() => Build());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_dotenv_names_the_file()
    {
        var path = _workspace.Write(".env", "LLM_MODEL=llama\nthis is not a setting\n");

        var error = Assert.Throws<SettingsException>(() => Build());

        Assert.Contains($"{path} line 2", error.Message, StringComparison.Ordinal);
    }
}
