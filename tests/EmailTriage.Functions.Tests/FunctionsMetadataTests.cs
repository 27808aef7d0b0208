using System.Text.Json;
using EmailTriage.Functions.Tests.Support;

using EmailTriage.Testing;

namespace EmailTriage.Functions.Tests;

/// <summary>The build's functions.metadata is what the host reads: triggers, schedule, routes, methods, auth levels.</summary>
public sealed class FunctionsMetadataTests
{
    // The Functions project's own build output (same configuration as this test build).
    private static readonly string MetadataPath = Path.Combine(
        RepoPaths.OutputOf("src/EmailTriage.Functions"),
        "functions.metadata");

    private static readonly Dictionary<string, JsonElement> Functions = Load();

    [Fact]
    public void Has_exactly_one_timer_trigger_on_the_TRIAGE_SCHEDULE_setting()
    {
        var timers = Functions.Where(f => Trigger(f.Value).GetProperty("type").GetString() == "timerTrigger").ToList();

        var timer = Assert.Single(timers);
        Assert.Equal("TriageOnSchedule", timer.Key);
        Assert.Equal("%TRIAGE_SCHEDULE%", Trigger(timer.Value).GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_queued_mailbox_function_listens_on_the_EMAILTRIAGE_QUEUE_setting_through_its_own_connection()
    {
        var trigger = Trigger(Functions["TriageQueuedMailbox"]);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%EMAILTRIAGE_QUEUE%", trigger.GetProperty("queueName").GetString());
        Assert.Equal("EMAILTRIAGE_QUEUE_CONNECTION", trigger.GetProperty("connection").GetString());
    }

    [Theory]
    [InlineData("TriageOnDemand", "triage", "post", "Function")]
    [InlineData("ClassifyOnDemand", "classify", "post", "Function")]
    [InlineData("HealthOnDemand", "health", "get", "Function")]
    [InlineData("StatusOnDemand", "status", "get", "Function")]
    public void Http_functions_have_their_route_method_and_auth_level(string name, string route, string method, string authLevel)
    {
        var trigger = Trigger(Functions[name]);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Host_json_and_the_label_file_reach_the_build_output()
    {
        var output = Path.GetDirectoryName(MetadataPath)!;

        Assert.True(File.Exists(Path.Combine(output, "host.json")));
        Assert.True(File.Exists(Path.Combine(output, "config", "labels.json")));
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "host.json")));
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
    }

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");

    private static Dictionary<string, JsonElement> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(MetadataPath));
        return json.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }
}
