using EmailTriage.Configuration;

namespace EmailTriage.Core.Tests.Configuration;

public sealed class DotEnvParserTests
{
    private static Dictionary<string, string?> Parse(params string[] lines) => DotEnvParser.Parse(lines, "/home/me/.env");

    [Fact]
    public void Reads_key_value_lines()
    {
        var values = Parse("LLM_BASE_URL=http://localhost:8080/v1", "LLM_MODEL = llama ");

        Assert.Equal("http://localhost:8080/v1", values["LLM_BASE_URL"]);
        Assert.Equal("llama", values["LLM_MODEL"]);
    }

    [Fact]
    public void Skips_comments_and_blank_lines()
    {
        var values = Parse("# the server", "", "   ", "  # indented comment", "LLM_MODEL=llama");

        Assert.Equal(["LLM_MODEL"], values.Keys);
    }

    [Fact]
    public void Accepts_export_prefix_as_in_shell_scripts()
    {
        var values = Parse("export LLM_API_KEY=abc123");

        Assert.Equal("abc123", values["LLM_API_KEY"]);
    }

    [Fact]
    public void Strips_double_and_single_quotes()
    {
        var values = Parse("A=\"quoted value\"", "B='single quoted'");

        Assert.Equal("quoted value", values["A"]);
        Assert.Equal("single quoted", values["B"]);
    }

    [Fact]
    public void Keeps_hash_inside_quotes_and_ignores_comment_after_closing_quote()
    {
        var values = Parse("PASSWORD=\"p#ss # word\" # the real one");

        Assert.Equal("p#ss # word", values["PASSWORD"]);
    }

    [Fact]
    public void Expands_newline_escape_only_in_double_quotes()
    {
        var values = Parse("A=\"one\\ntwo\"", "B='one\\ntwo'");

        Assert.Equal("one\ntwo", values["A"]);
        Assert.Equal("one\\ntwo", values["B"]);
    }

    [Fact]
    public void Drops_inline_comment_after_unquoted_value()
    {
        var values = Parse("LLM_MAX_CONCURRENCY=2   # one GPU");

        Assert.Equal("2", values["LLM_MAX_CONCURRENCY"]);
    }

    [Fact]
    public void Keeps_hash_that_is_part_of_an_unquoted_value()
    {
        var values = Parse("LLM_BASE_URL=http://host/v1#frag");

        Assert.Equal("http://host/v1#frag", values["LLM_BASE_URL"]);
    }

    [Fact]
    public void Allows_empty_value()
    {
        var values = Parse("LLM_API_KEY=");

        Assert.Equal(string.Empty, values["LLM_API_KEY"]);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_later_lines_win()
    {
        var values = Parse("llm_model=first", "LLM_MODEL=second");

        Assert.Equal("second", values["Llm_Model"]);
        Assert.Single(values);
    }

    [Fact]
    public void Bad_line_names_file_and_line_without_echoing_any_of_it()
    {
        const string secret = "sk-live-0123456789abcdefghijklmnopqrstuvwxyz";

        var error = Assert.Throws<SettingsException>(() => Parse("# settings", "LLM_MODEL=llama", secret));

        Assert.Contains("/home/me/.env line 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("uvwxyz", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_starting_with_equals_is_rejected()
    {
        var error = Assert.Throws<SettingsException>(() => Parse("=value"));

        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("KEY=VALUE", error.Message, StringComparison.Ordinal);
    }
}
