using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EmailTriage.Testing;

namespace EmailTriage.Gmail.Tests;

/// <summary>The fake's wire format, checked with plain HTTP rather than through Google.Apis.</summary>
public sealed class FakeGmailServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answers_a_multipart_batch_in_order_echoing_content_ids()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        var id = server.AddMessage(GmailTestbed.Rfc822(1));
        var label = server.AddLabel("Receipts");
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var content = new MultipartContent("mixed", "outer_boundary");
        content.Add(Part("<item1:42@example.com>", $"GET /gmail/v1/users/me/messages/{id}?format=minimal HTTP/1.1\r\n\r\n"));
        content.Add(Part("item2", "GET /gmail/v1/users/me/messages/nope HTTP/1.1\r\n\r\n"));
        content.Add(Part(null, $"POST {server.BaseUrl}gmail/v1/users/me/messages/batchModify HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{{\"ids\":[\"{id}\"],\"addLabelIds\":[\"{label}\"]}}"));

        using var response = await http.PostAsync("batch/gmail/v1", content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/mixed", response.Content.Headers.ContentType!.MediaType);
        var boundary = response.Content.Headers.ContentType.Parameters.Single(p => p.Name == "boundary").Value!;
        var parts = body.Split("--" + boundary)[1..^1];
        Assert.Equal(3, parts.Length);
        Assert.Contains("Content-ID: <response-item1:42@example.com>", parts[0], StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200 OK", parts[0], StringComparison.Ordinal);
        Assert.Contains($"\"id\":\"{id}\"", parts[0], StringComparison.Ordinal);
        Assert.Contains("Content-ID: <response-item2>", parts[1], StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 404 Not Found", parts[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Content-ID", parts[2], StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 204 No Content", parts[2], StringComparison.Ordinal);
        Assert.Contains("Receipts", server.LabelNamesOf(id));
        Assert.Equal([FakeGmailCall.Batch, FakeGmailCall.MessagesGet, FakeGmailCall.MessagesGet, FakeGmailCall.MessagesBatchModify], server.Requests.Select(r => r.Call));
        Assert.Equal(1, server.HttpRequestCount);
    }

    [Fact]
    public async Task Answers_errors_in_googles_envelope_with_retry_after()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.EnqueueFault(FakeGmailCall.LabelsList, new FakeGmailFault.TooManyRequests(RetryAfterSeconds: 3));
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        using var response = await http.GetAsync("gmail/v1/users/me/labels", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
        Assert.Contains("\"reason\":\"rateLimitExceeded\"", body, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"RESOURCE_EXHAUSTED\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enforces_the_per_minute_quota_with_429()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.QuotaUnitsPerMinute = 12;
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync("gmail/v1/users/me/messages", Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(1, server.QuotaRejections);
    }

    [Fact]
    public async Task Token_endpoint_refreshes_and_refuses_revoked_grants()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.AddRefreshToken("r1", "client", "secret");
        using var http = new HttpClient();

        using var ok = await http.PostAsync(server.TokenUrl, Form("r1"), Ct);
        server.RevokeRefreshToken("r1");
        using var revoked = await http.PostAsync(server.TokenUrl, Form("r1"), Ct);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("\"access_token\":\"ya29.", await ok.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, revoked.StatusCode);
        Assert.Contains("\"error\":\"invalid_grant\"", await revoked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_endpoint_answers_queued_faults_then_normally()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.AddRefreshToken("r1", "client", "secret");
        server.EnqueueFault(FakeGmailCall.Token, new FakeGmailFault.HtmlPage(502));
        server.EnqueueFault(FakeGmailCall.Token, new FakeGmailFault.OAuthError("unauthorized_client", "Unauthorized", 401));
        using var http = new HttpClient();

        using var page = await http.PostAsync(server.TokenUrl, Form("r1"), Ct);
        using var refused = await http.PostAsync(server.TokenUrl, Form("r1"), Ct);
        using var ok = await http.PostAsync(server.TokenUrl, Form("r1"), Ct);

        Assert.Equal((HttpStatusCode.BadGateway, "text/html"), (page.StatusCode, page.Content.Headers.ContentType!.MediaType));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("\"error\":\"unauthorized_client\"", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal([502, 401, 200], server.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Every_part_of_a_batch_can_answer_429_with_retry_after()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        var first = server.AddMessage(GmailTestbed.Rfc822(1));
        var second = server.AddMessage(GmailTestbed.Rfc822(2));
        server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.EveryPart(new FakeGmailFault.TooManyRequests(RetryAfterSeconds: 7)));
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var content = new MultipartContent("mixed", "outer_boundary");
        content.Add(Part("a", $"GET /gmail/v1/users/me/messages/{first}?format=raw HTTP/1.1\r\n\r\n"));
        content.Add(Part("b", $"GET /gmail/v1/users/me/messages/{second}?format=raw HTTP/1.1\r\n\r\n"));

        using var response = await http.PostAsync("batch/gmail/v1", content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body.Split("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\n").Length - 1);
        Assert.Equal([200, 429, 429], server.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Rejects_calls_without_a_valid_access_token_when_required()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.RequireAccessToken = true;
        var token = server.IssueAccessToken();
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        using var without = await http.GetAsync("gmail/v1/users/me/labels", Ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var with = await http.GetAsync("gmail/v1/users/me/labels", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task Lists_system_labels_as_system_and_refuses_to_create_one()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        using var list = await http.GetAsync("gmail/v1/users/me/labels", Ct);
        using var labels = System.Text.Json.JsonDocument.Parse(await list.Content.ReadAsStringAsync(Ct));
        using var create = await http.PostAsync("gmail/v1/users/me/labels", new StringContent("{\"name\": \"Spam\"}", Encoding.UTF8, "application/json"), Ct);

        var types = labels.RootElement.GetProperty("labels").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("type").GetString());
        Assert.All(["INBOX", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT", "SENT", "DRAFT", "CHAT", "CATEGORY_SOCIAL"], n => Assert.Equal("system", types[n]));
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("Invalid label name", await create.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Labels, l => l.Type == "user");
    }

    [Fact]
    public async Task Records_each_label_change_in_history_with_the_messages_labels_after_it()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        var id = server.AddMessage(GmailTestbed.Rfc822(1));
        var receipts = server.AddLabel("Receipts");
        var news = server.AddLabel("News");
        var start = server.HistoryId;
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var modify = await http.PostAsync(
            "gmail/v1/users/me/messages/batchModify",
            new StringContent($"{{\"ids\":[\"{id}\"],\"addLabelIds\":[\"{receipts}\"],\"removeLabelIds\":[\"INBOX\"]}}", Encoding.UTF8, "application/json"),
            Ct);
        server.UserRelabel(id, remove: "Receipts", add: "News");

        using var response = await http.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}&historyTypes=labelAdded&historyTypes=labelRemoved", Ct);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        using var profile = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("gmail/v1/users/me/profile", Ct));

        Assert.Equal(HttpStatusCode.NoContent, modify.StatusCode);
        var history = json.RootElement.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.True(ulong.Parse(history[0].GetProperty("id").GetString()!, CultureInfo.InvariantCulture) > start);
        Assert.Equal([receipts], Labels(history[0].GetProperty("labelsAdded")[0].GetProperty("labelIds")));
        Assert.Equal(["INBOX"], Labels(history[0].GetProperty("labelsRemoved")[0].GetProperty("labelIds")));
        Assert.Equal([receipts, "UNREAD"], Labels(history[0].GetProperty("labelsAdded")[0].GetProperty("message").GetProperty("labelIds")));
        Assert.Equal(id, history[1].GetProperty("labelsAdded")[0].GetProperty("message").GetProperty("id").GetString());
        Assert.Equal([news, "UNREAD"], Labels(history[1].GetProperty("labelsAdded")[0].GetProperty("message").GetProperty("labelIds")));
        Assert.Equal(server.HistoryId.ToString(CultureInfo.InvariantCulture), json.RootElement.GetProperty("historyId").GetString());
        Assert.Equal(server.HistoryId.ToString(CultureInfo.InvariantCulture), profile.RootElement.GetProperty("historyId").GetString());
        Assert.False(json.RootElement.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public async Task Lists_history_by_type_and_in_pages()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        var start = server.HistoryId;
        var ids = Enumerable.Range(1, 3).Select(n => server.AddMessage(GmailTestbed.Rfc822(n))).ToList();
        server.AddLabel("Receipts");
        foreach (var id in ids)
        {
            server.UserRelabel(id, add: "Receipts");
        }

        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var all = await http.GetStringAsync($"gmail/v1/users/me/history?startHistoryId={start}", Ct);
        var first = await http.GetStringAsync($"gmail/v1/users/me/history?startHistoryId={start}&historyTypes=labelAdded&maxResults=2", Ct);
        using var firstJson = System.Text.Json.JsonDocument.Parse(first);
        var token = firstJson.RootElement.GetProperty("nextPageToken").GetString();
        using var second = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"gmail/v1/users/me/history?startHistoryId={start}&historyTypes=labelAdded&maxResults=2&pageToken={token}", Ct));

        using var allJson = System.Text.Json.JsonDocument.Parse(all);
        Assert.Equal(6, allJson.RootElement.GetProperty("history").GetArrayLength());
        Assert.Equal(3, allJson.RootElement.GetProperty("history").EnumerateArray().Count(r => r.TryGetProperty("messagesAdded", out _)));
        Assert.Equal(2, firstJson.RootElement.GetProperty("history").GetArrayLength());
        Assert.All(firstJson.RootElement.GetProperty("history").EnumerateArray(), r => Assert.False(r.TryGetProperty("messagesAdded", out _)));
        Assert.Equal(ids[2], second.RootElement.GetProperty("history")[0].GetProperty("labelsAdded")[0].GetProperty("message").GetProperty("id").GetString());
        Assert.False(second.RootElement.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public async Task Answers_404_in_googles_envelope_for_expired_history()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        var old = server.HistoryId;
        server.AddMessage(GmailTestbed.Rfc822(1));
        server.ExpireHistoryBefore(server.HistoryId);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        using var expired = await http.GetAsync($"gmail/v1/users/me/history?startHistoryId={old}", Ct);
        using var current = await http.GetAsync($"gmail/v1/users/me/history?startHistoryId={server.HistoryId}", Ct);
        var body = await expired.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Contains("\"status\":\"NOT_FOUND\"", body, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"notFound\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.DoesNotContain("\"history\"", await current.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modifies_one_message_and_answers_its_labels()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        var id = server.AddMessage(GmailTestbed.Rfc822(1));
        var label = server.AddLabel("Receipts");
        var before = server.History.Count;
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        using var response = await http.PostAsync(
            $"gmail/v1/users/me/messages/{id}/modify",
            new StringContent($"{{\"addLabelIds\":[\"{label}\"],\"removeLabelIds\":[\"UNREAD\"]}}", Encoding.UTF8, "application/json"),
            Ct);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["INBOX", label], Labels(json.RootElement.GetProperty("labelIds")));
        var record = server.History[before];
        Assert.Equal([FakeGmailHistoryChange.LabelAdded, FakeGmailHistoryChange.LabelRemoved], record.Changes.Select(c => c.Type));
        Assert.Equal(FakeGmailCall.MessagesModify, server.Requests.Single().Call);
    }

    private static List<string> Labels(System.Text.Json.JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];

    private static StringContent Part(string? contentId, string request)
    {
        var part = new StringContent(request, Encoding.UTF8);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/http");
        if (contentId is not null)
        {
            part.Headers.Add("Content-ID", contentId);
        }

        return part;
    }

    private static FormUrlEncodedContent Form(string refreshToken) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
        ["client_id"] = "client",
        ["client_secret"] = "secret",
    });
}
