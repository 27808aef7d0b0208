using System.Text.Json.Nodes;
using EmailTriage.Configuration;
using EmailTriage.Graph.Api;
using EmailTriage.Graph.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Graph.Tests.Api;

/// <summary>The one place Graph calls go through: throttling, transient failures, expired tokens, $batch, links.</summary>
public sealed class GraphHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_throttled_call_waits_what_Retry_After_says_then_succeeds()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Server.EnqueueFault(FakeGraphCall.GetFolder, new FakeGraphFault.Status(429, RetryAfterSeconds: 7));

        var answer = await bed.Http().SendAsync(GraphRequest.Get("me/mailFolders/inbox"), Ct);

        Assert.Equal(200, answer.Status);
        Assert.True(Assert.Single(bed.Waits) >= TimeSpan.FromSeconds(7));
        Assert.Equal(2, bed.Server.CountOf(FakeGraphCall.GetFolder));
    }

    [Fact]
    public async Task Transient_failures_without_Retry_After_back_off_longer_each_time()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Server.EnqueueFault(FakeGraphCall.GetFolder, new FakeGraphFault.Status(503));
        bed.Server.EnqueueFault(FakeGraphCall.GetFolder, new FakeGraphFault.Status(503));

        var answer = await bed.Http().SendAsync(GraphRequest.Get("me/mailFolders/inbox"), Ct);

        Assert.Equal(200, answer.Status);
        var waits = bed.Waits.ToList();
        Assert.Equal(2, waits.Count);
        Assert.InRange(waits[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(waits[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_a_run_waits_is_not_waited_for()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Server.EnqueueFault(FakeGraphCall.GetFolder, new FakeGraphFault.Status(429, RetryAfterSeconds: 600));

        var answer = await bed.Http().SendAsync(GraphRequest.Get("me/mailFolders/inbox"), Ct);

        Assert.Equal(429, answer.Status);
        Assert.Equal(TimeSpan.FromMinutes(10), answer.RetryAfter);
        Assert.Empty(bed.Waits);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_is_answered_as_it_is()
    {
        await using var bed = await GraphTestbed.StartAsync(maxRetries: 2);
        for (var i = 0; i < 3; i++)
        {
            bed.Server.EnqueueFault(FakeGraphCall.GetFolder, new FakeGraphFault.Status(429, RetryAfterSeconds: 1));
        }

        var answer = await bed.Http().SendAsync(GraphRequest.Get("me/mailFolders/inbox"), Ct);

        Assert.Equal(429, answer.Status);
        Assert.Equal(2, bed.Waits.Count);
        Assert.Equal(3, bed.Server.CountOf(FakeGraphCall.GetFolder));
    }

    [Fact]
    public async Task An_expired_token_is_replaced_once_and_the_call_goes_through()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var http = bed.Http();
        await http.SendAsync(GraphRequest.Get("me/mailFolders/inbox"), Ct);

        bed.Server.ExpireAccessTokens();
        var answer = await http.SendAsync(GraphRequest.Get("me/mailFolders/inbox"), Ct);

        Assert.Equal(200, answer.Status);
        Assert.Equal(2, bed.Credential.Calls);
        Assert.Empty(bed.Waits);
    }

    [Fact]
    public async Task A_token_refused_again_is_a_sign_in_to_fix()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Credential.Fixed = "a-token-graph-never-issued";
        var http = bed.Http();

        var answer = await http.SendAsync(GraphRequest.Get("me/mailFolders/inbox"), Ct);
        var error = GraphErrors.Unavailable(http, "could not read the folder", new GraphException("Reading the folder", answer));

        Assert.Equal(401, answer.Status);
        Assert.Equal(2, bed.Credential.Calls);
        var settings = Assert.IsType<SettingsException>(error);
        Assert.Contains("emailtriage auth graph", settings.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-token-graph-never-issued", settings.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_connection_is_tried_again()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Server.EnqueueFault(FakeGraphCall.GetFolder, new FakeGraphFault.DropAfterApplying());

        var answer = await bed.Http().SendAsync(GraphRequest.Get("me/mailFolders/inbox"), Ct);

        Assert.Equal(200, answer.Status);
        Assert.Single(bed.Waits);
    }

    [Fact]
    public async Task A_batch_answers_each_request_in_the_order_asked()
    {
        await using var bed = await GraphTestbed.StartAsync();

        var answers = await bed.Http().BatchAsync(
            [GraphRequest.Get("me/mailFolders/inbox"), GraphRequest.Get("me/mailFolders/archive"), GraphRequest.Get("me/mailFolders/nonesuch"), GraphRequest.Get("me/mailFolders/drafts")],
            Ct);

        Assert.Equal([200, 200, 404, 200], answers.Select(a => a.Status));
        Assert.Equal(["Inbox", "Archive", null, "Drafts"], answers.Select(a => a.IsSuccess ? a.Read(GraphJsonContext.Default.GraphFolder).DisplayName : null));
        Assert.Equal("ErrorItemNotFound", answers[2].ErrorCode);
        Assert.Equal(1, bed.Server.HttpRequestCount);
    }

    [Fact]
    public async Task A_batch_takes_at_most_twenty_requests()
    {
        await using var bed = await GraphTestbed.StartAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bed.Http().BatchAsync([.. Enumerable.Repeat(GraphRequest.Get("me/mailFolders/inbox"), 21)], Ct));

        Assert.Equal(0, bed.Server.HttpRequestCount);
    }

    [Fact]
    public async Task A_batch_refused_as_a_whole_is_an_error_a_caller_can_halve()
    {
        await using var bed = await GraphTestbed.StartAsync(maxRetries: 0);
        bed.Server.EnqueueFault(FakeGraphCall.Batch, new FakeGraphFault.Status(400, "BadRequest"));

        var error = await Assert.ThrowsAsync<GraphException>(() => bed.Http().BatchAsync([GraphRequest.Get("me/mailFolders/inbox"), GraphRequest.Get("me/mailFolders/archive")], Ct));

        Assert.Equal(400, error.Status);
        Assert.True(GraphErrors.IsBatchFault(error));
    }

    [Fact]
    public async Task A_link_to_another_host_is_not_followed()
    {
        await using var bed = await GraphTestbed.StartAsync();

        var error = await Assert.ThrowsAsync<GraphException>(() => bed.Http().SendAsync(GraphRequest.Get("https://collector.example/v1.0/me/messages?$skiptoken=x"), Ct));

        Assert.Contains("collector.example", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, bed.Credential.Calls);
    }

    [Fact]
    public async Task Every_request_asks_for_immutable_ids_so_an_id_survives_a_move()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        var http = bed.Http();

        var moved = await http.SendAsync(GraphRequest.Post($"me/messages/{Uri.EscapeDataString(id)}/move", new JsonObject { ["destinationId"] = "archive" }), Ct);
        var again = await http.SendAsync(GraphRequest.Get($"me/messages/{Uri.EscapeDataString(id)}?$select=parentFolderId"), Ct);

        Assert.Equal(id, moved.Read(GraphJsonContext.Default.GraphMessage).Id);
        Assert.Equal(bed.Server.FolderId("archive"), again.Read(GraphJsonContext.Default.GraphMessage).ParentFolderId);
    }

    [Fact]
    public void Mime_in_a_batch_part_is_told_from_base64_by_its_header_colon()
    {
        const string mime = "From: a@example.com\r\nSubject: Hi\r\n\r\nBody\r\n";

        Assert.Equal(mime, System.Text.Encoding.UTF8.GetString(GraphHttp.Decode(mime)));
        Assert.Equal(mime, System.Text.Encoding.UTF8.GetString(GraphHttp.Decode(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(mime)))));
        Assert.Equal(mime, System.Text.Encoding.UTF8.GetString(GraphHttp.Decode(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(mime)).TrimEnd('=').Replace('+', '-').Replace('/', '_'))));
    }
}
