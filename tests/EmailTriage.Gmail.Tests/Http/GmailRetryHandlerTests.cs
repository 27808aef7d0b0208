using EmailTriage.Classification;
using System.Net;
using EmailTriage.Gmail.Http;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using Google;

namespace EmailTriage.Gmail.Tests.Http;

public sealed class GmailRetryHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Waits_what_retry_after_says_on_429()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.EnqueueFault(FakeGmailCall.LabelsList, new FakeGmailFault.TooManyRequests(RetryAfterSeconds: 7));

        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        Assert.Equal([429, 200], bed.Server.Requests.Where(r => r.Call == FakeGmailCall.LabelsList).Select(r => r.Status));
        Assert.Equal([TimeSpan.FromSeconds(7)], bed.Waits);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Retries_403_rate_limit_exceeded(bool perUser)
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.AddMessages(2);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.EnqueueFault(FakeGmailCall.MessagesList, new FakeGmailFault.RateLimitExceeded(perUser));

        var items = await bed.ListAsync();

        Assert.Equal(2, items.Count);
        Assert.Equal([403, 200], bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesList).Select(r => r.Status));
        Assert.Single(bed.Waits);
    }

    [Fact]
    public async Task Does_not_retry_a_403_that_is_not_a_rate_limit()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.EnqueueFault(FakeGmailCall.LabelsList, new FakeGmailFault.Forbidden());

        var ex = await Assert.ThrowsAsync<MailboxUnavailableException>(() => bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, Assert.IsType<GoogleApiException>(ex.InnerException).HttpStatusCode);
        Assert.Contains("HTTP 403", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, bed.Server.CountOf(FakeGmailCall.LabelsList));
        Assert.Empty(bed.Waits);
    }

    [Fact]
    public async Task Retries_500_and_503_and_labels_each_message_once()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(3);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.EnqueueFault(FakeGmailCall.MessagesBatchModify, new FakeGmailFault.ServerError());
        bed.Server.EnqueueFault(FakeGmailCall.MessagesBatchModify, new FakeGmailFault.Unavailable());

        var failed = await bed.Session.ApplyAsync(new LabelGroup("Receipts", LabelAction.None, [.. ids.Select(id => new LabelAssignment(id, DecisionSource.Rule, "test"))]), Ct);

        Assert.Empty(failed);
        Assert.Equal([500, 503, 204], bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesBatchModify).Select(r => r.Status));
        Assert.All(ids, id => Assert.Contains("Receipts", bed.Server.LabelNamesOf(id)));
        Assert.All(ids, id => Assert.Equal(1, bed.Server.ModifyCountOf(id)));
    }

    [Fact]
    public async Task Gives_up_after_max_retries_and_reports_the_group_failed()
    {
        await using var bed = await GmailTestbed.StartAsync(maxRetries: 2);
        var ids = bed.AddMessages(2);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        for (var i = 0; i < 3; i++)
        {
            bed.Server.EnqueueFault(FakeGmailCall.MessagesBatchModify, new FakeGmailFault.TooManyRequests());
        }

        var failed = await bed.Session.ApplyAsync(new LabelGroup("Receipts", LabelAction.None, [.. ids.Select(id => new LabelAssignment(id, DecisionSource.Rule, "test"))]), Ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal), failed.Order(StringComparer.Ordinal));
        Assert.Equal(3, bed.Server.CountOf(FakeGmailCall.MessagesBatchModify));
        Assert.Equal(2, bed.Waits.Count);
        Assert.All(ids, id => Assert.DoesNotContain(GmailMailbox.MarkerLabel, bed.Server.LabelNamesOf(id)));
    }

    [Fact]
    public async Task Retries_a_whole_batch_that_answers_503()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.AddMessages(10);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.Unavailable(RetryAfterSeconds: 2));

        var items = await bed.ListAsync();

        Assert.Equal(10, items.Count);
        Assert.Equal([503, 200], bed.Server.Requests.Where(r => r.Call == FakeGmailCall.Batch).Select(r => r.Status));
        Assert.Equal(10, bed.Server.CountOf(FakeGmailCall.MessagesGet));
        Assert.Equal([TimeSpan.FromSeconds(2)], bed.Waits);
    }

    [Fact]
    public async Task Fails_at_once_when_retry_after_is_longer_than_a_run_waits()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.EnqueueFault(FakeGmailCall.LabelsList, new FakeGmailFault.TooManyRequests(RetryAfterSeconds: 600));

        var ex = await Assert.ThrowsAsync<MailboxUnavailableException>(() => bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct));

        Assert.Contains("Gmail asked to wait 600 s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, bed.Server.CountOf(FakeGmailCall.LabelsList));
        Assert.Empty(bed.Waits);
    }

    [Fact]
    public async Task Leaves_batch_parts_for_the_next_run_when_retry_after_is_longer_than_a_run_waits()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.AddMessages(4);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.EveryPart(new FakeGmailFault.TooManyRequests(RetryAfterSeconds: 600)));

        var items = await bed.ListAsync();

        Assert.Empty(items);
        Assert.Empty(bed.Waits);
        Assert.Equal(1, bed.Server.CountOf(FakeGmailCall.Batch));
        Assert.DoesNotContain(bed.Server.Requests, r => r.Call == FakeGmailCall.MessagesGet && !r.InBatch);
    }

    [Fact]
    public async Task Gives_each_attempt_its_own_timeout_and_none_to_the_whole_call()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.EnqueueFault(FakeGmailCall.LabelsList, new FakeGmailFault.Slow(TimeSpan.FromSeconds(5)));
        var options = new GmailOptions { ApiBaseUrl = server.BaseUrl.ToString() };
        var waits = new List<TimeSpan>();
        using var api = Gmail.Api.GmailApiFactory.Create(options, null, retryPolicy: GmailRetryPolicy.Default with { MaxRetries = 2, AttemptTimeout = TimeSpan.FromSeconds(2) }, delay: (w, _) =>
        {
            waits.Add(w);
            return Task.CompletedTask;
        });

        var labels = await api.Users.Labels.List("me").ExecuteAsync(Ct);

        Assert.NotEmpty(labels.Labels!);
        Assert.Single(waits);
        Assert.Equal(Timeout.InfiniteTimeSpan, api.HttpClient.Timeout);
    }

    [Fact]
    public async Task Times_out_when_every_attempt_times_out()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.EnqueueFault(FakeGmailCall.LabelsList, new FakeGmailFault.Slow(TimeSpan.FromSeconds(5)));
        server.EnqueueFault(FakeGmailCall.LabelsList, new FakeGmailFault.Slow(TimeSpan.FromSeconds(5)));
        var options = new GmailOptions { ApiBaseUrl = server.BaseUrl.ToString() };
        using var api = Gmail.Api.GmailApiFactory.Create(options, null, retryPolicy: GmailRetryPolicy.Default with { MaxRetries = 1, AttemptTimeout = TimeSpan.FromMilliseconds(200) }, delay: (_, _) => Task.CompletedTask);

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.Users.Labels.List("me").ExecuteAsync(Ct));

        Assert.Contains("did not answer GET /gmail/v1/users/me/labels within 0.2 s, 2 times", ex.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.True(GmailErrors.IsCallFailure(ex, Ct));
    }

    [Fact]
    public void Backs_off_exponentially_with_jitter_up_to_the_maximum()
    {
        var backOff = new GmailBackOff(new GmailRetryPolicy(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(32)));

        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var step = Math.Min(32, Math.Pow(2, attempt - 1));
            var waits = Enumerable.Range(0, 50).Select(_ => backOff.Next(attempt).TotalSeconds).ToList();
            Assert.All(waits, w => Assert.InRange(w, step / 2, step));
            Assert.True(waits.Distinct().Count() > 1, "waits should be jittered");
        }
    }

    [Fact]
    public async Task Retries_when_gmail_cannot_be_reached()
    {
        var options = new GmailOptions { ApiBaseUrl = $"http://127.0.0.1:{FakeLlmServer.GetUnusedPort()}/", MaxRetries = 2 };
        var waits = new List<TimeSpan>();
        using var api = Gmail.Api.GmailApiFactory.Create(options, null, delay: (w, _) =>
        {
            waits.Add(w);
            return Task.CompletedTask;
        });

        await Assert.ThrowsAsync<HttpRequestException>(() => api.Users.Labels.List("me").ExecuteAsync(Ct));

        Assert.Equal(2, waits.Count);
    }
}
