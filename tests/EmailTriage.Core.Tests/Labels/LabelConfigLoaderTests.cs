using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Testing;
using Microsoft.Extensions.Options;

namespace EmailTriage.Core.Tests.Labels;

public sealed class LabelConfigLoaderTests
{
    private const string Minimal = """{"labels":[{"name":"Work","description":"Job mail."}],"fallback":"Review"}""";

    private static LabelConfigException Invalid(string json) =>
        Assert.Throws<LabelConfigException>(() => LabelConfigLoader.Parse(json, "/cfg/labels.json"));

    private static string WithLabels(string labels) => $$"""{ "labels": [ {{labels}} ], "fallback": "Review" }""";

    [Fact]
    public void Minimal_file_gives_label_and_fallback()
    {
        var config = LabelConfigLoader.Parse(Minimal, "labels.json");

        var label = Assert.Single(config.Labels);
        Assert.Equal("Work", label.Name);
        Assert.Equal("Job mail.", label.Description);
        Assert.Equal(LabelAction.None, label.Action);
        Assert.Empty(label.Rules);
        Assert.Equal("Review", config.Fallback);
        Assert.Equal(["Work", "Review"], config.AllNames);
    }

    [Fact]
    public void Shipped_label_file_loads()
    {
        var root = RepoPaths.Root;
        var loader = new LabelConfigLoader(Options.Create(new LabelOptions()), new AppPaths(root));

        var config = loader.Load();

        Assert.Equal(6, config.Labels.Count);
        Assert.Equal("Review", config.Fallback);
        Assert.Contains("Review", config.AllNames);
        Assert.Equal(7, config.AllNames.Count);
        Assert.Equal(LabelAction.Archive, config.Find("Promotions")!.Action);
        Assert.Equal(Path.Combine(root, "config", "labels.json"), config.SourcePath);
    }

    [Fact]
    public void Reads_examples_rules_and_archive_action()
    {
        var config = TestLabels.Standard;

        var finance = config.Find("finance")!;
        Assert.Equal(["Subject: Invoice 2211"], finance.Examples);
        Assert.Equal("statements@bank.example", Assert.Single(finance.Rules).From);
        Assert.Equal(LabelAction.Archive, config.Find("Newsletters")!.Action);
    }

    [Fact]
    public void Trims_names_and_at_sign_of_domain_rules()
    {
        var config = LabelConfigLoader.Parse(
            WithLabels("""{ "name": " Work ", "description": "d", "rules": [ { "domain": "@corp.example" } ] }"""),
            "labels.json");

        var label = Assert.Single(config.Labels);
        Assert.Equal("Work", label.Name);
        Assert.Equal("corp.example", Assert.Single(label.Rules).Domain);
    }

    [Fact]
    public void Accepts_comments_and_trailing_commas()
    {
        var config = LabelConfigLoader.Parse("{ // mine\n \"labels\": [ { \"name\": \"Work\", \"description\": \"d\", }, ], }", "labels.json");

        Assert.Single(config.Labels);
        Assert.Null(config.Fallback);
    }

    [Fact]
    public void Broken_json_names_the_file_and_the_line()
    {
        var error = Invalid("{\n  \"labels\": [\n    { \"name\": \"Work\", \"description\": \"d\" }\n    { \"name\": \"Home\" }\n  ]\n}");

        Assert.StartsWith("/cfg/labels.json line 4:", error.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public void No_labels_is_an_error_that_shows_the_shape()
    {
        var error = Invalid("""{ "fallback": "Review" }""");

        Assert.Contains("no labels", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"labels\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_name_names_the_label_position()
    {
        var error = Invalid(WithLabels("""{ "name": "Work", "description": "d" }, { "description": "no name" }"""));

        Assert.Contains("label 2 has no \"name\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_description_names_the_label()
    {
        var error = Invalid(WithLabels("""{ "name": "Work", "description": "  " }"""));

        Assert.Contains("label \"Work\" has no \"description\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_differing_only_in_case_are_rejected()
    {
        var error = Invalid(WithLabels("""{ "name": "Work", "description": "d" }, { "name": "work", "description": "d" }"""));

        Assert.Contains("appears more than once", error.Message, StringComparison.Ordinal);
        Assert.Contains("Work", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rule_without_condition_is_rejected()
    {
        var error = Invalid(WithLabels("""{ "name": "Work", "description": "d", "rules": [ { "from": "a@b.example" }, { "subject": " " } ] }"""));

        Assert.Contains("rule 2 of label \"Work\" has no condition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contains_without_header_is_rejected()
    {
        var error = Invalid(WithLabels("""{ "name": "Work", "description": "d", "rules": [ { "from": "a@b.example", "contains": "x" } ] }"""));

        Assert.Contains("\"contains\" without \"header\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_errors_name_the_line_of_the_label_or_rule()
    {
        const string file = """
            {
              "labels": [
                { "name": "Work", "description": "Job mail." },
                {
                  "name": "Home",
                  "description": "Family.",
                  "rules": [
                    { "from": "mum@home.example" },
                    { "subject": " " }
                  ]
                },
                { "name": "Bills" }
              ]
            }
            """;

        var rule = Invalid(file);
        var label = Invalid(file.Replace("{ \"subject\": \" \" }", "{ \"subject\": \"x\" }", StringComparison.Ordinal));
        var duplicate = Invalid(file.Replace("{ \"subject\": \" \" }", "{ \"subject\": \"x\" }", StringComparison.Ordinal)
            .Replace("{ \"name\": \"Bills\" }", "{ \"name\": \"work\", \"description\": \"again\" }", StringComparison.Ordinal));

        Assert.StartsWith("/cfg/labels.json line 9: rule 2 of label \"Home\" has no condition", rule.Message, StringComparison.Ordinal);
        Assert.StartsWith("/cfg/labels.json line 12: label \"Bills\" has no \"description\"", label.Message, StringComparison.Ordinal);
        Assert.StartsWith("/cfg/labels.json line 12: the label \"Work\" appears more than once", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_is_an_error_naming_it_and_its_line()
    {
        var error = Invalid("{\n  \"labels\": [{\"name\": \"Work\", \"description\": \"d\"}],\n  \"fallbak\": \"Review\"\n}");

        Assert.Contains("/cfg/labels.json line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown field 'fallbak'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_explained_without_dotnet_type_names()
    {
        var error = Invalid(WithLabels("""{"name": "Work", "description": "d", "rules": {"from": "a@b.example"}}"""));

        Assert.Contains("$.labels[0].rules", error.Message, StringComparison.Ordinal);
        Assert.Contains("wrong type", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_action_is_rejected()
    {
        var error = Invalid(WithLabels("""{ "name": "Work", "description": "d", "action": "delete" }"""));

        Assert.Contains("action \"delete\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("archive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Action_is_case_insensitive()
    {
        var config = LabelConfigLoader.Parse(WithLabels("""{ "name": "Work", "description": "d", "action": "ARCHIVE" }"""), "labels.json");

        Assert.Equal(LabelAction.Archive, config.Labels[0].Action);
    }

    [Fact]
    public void Empty_fallback_is_rejected()
    {
        var error = Invalid("""{ "labels": [ { "name": "Work", "description": "d" } ], "fallback": "" }""");

        Assert.Contains("\"fallback\" is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_names_the_setting_and_path()
    {
        var paths = new AppPaths(Path.Combine(Path.GetTempPath(), "no-such-emailtriage-dir"));
        var loader = new LabelConfigLoader(Options.Create(new LabelOptions { LabelConfigFile = "mine/labels.json" }), paths);

        var error = Assert.Throws<LabelConfigException>(loader.Load);

        Assert.Contains("LABEL_CONFIG_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains(paths.Resolve("mine/labels.json"), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_without_a_byte_order_mark_is_named_and_with_one_loads(bool byteOrderMark)
    {
        var directory = Directory.CreateTempSubdirectory("emailtriage-labels-");
        try
        {
            var path = Path.Combine(directory.FullName, "labels.json");
            File.WriteAllBytes(path, [.. new System.Text.UnicodeEncoding(false, byteOrderMark).GetPreamble(), .. new System.Text.UnicodeEncoding(false, false).GetBytes(Minimal)]);
            var loader = new LabelConfigLoader(Options.Create(new LabelOptions { LabelConfigFile = path }), new AppPaths(directory.FullName));

            if (byteOrderMark)
            {
                Assert.Equal("Work", loader.Load().Labels[0].Name);
            }
            else
            {
                var error = Assert.Throws<LabelConfigException>(loader.Load);
                Assert.Equal($"{path} looks like UTF-16 without a byte-order mark; save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8) and run again.", error.Message);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
