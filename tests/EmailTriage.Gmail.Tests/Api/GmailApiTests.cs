using EmailTriage.Gmail.Api;
using EmailTriage.Testing;

namespace EmailTriage.Gmail.Tests.Api;

public sealed class GmailApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Defaults_to_googles_endpoints()
    {
        using var api = GmailApiFactory.Create(new GmailOptions(), credential: null);

        Assert.Equal("https://gmail.googleapis.com/", api.BaseUri);
        Assert.Equal("https://gmail.googleapis.com/batch/gmail/v1", api.BatchUri);
    }

    [Fact]
    public void Takes_base_and_batch_uri_from_gmail_api_base_url()
    {
        using var api = GmailApiFactory.Create(new GmailOptions { ApiBaseUrl = "http://127.0.0.1:9/proxy" }, credential: null);

        Assert.Equal("http://127.0.0.1:9/proxy/", api.BaseUri);
        Assert.Equal("http://127.0.0.1:9/proxy/batch/gmail/v1", api.BatchUri);
    }

    [Fact]
    public void Writes_list_parameters_as_the_discovery_document_describes()
    {
        using var api = GmailApiFactory.Create(new GmailOptions(), credential: null);
        var request = api.Users.Messages.List("someone@example.com");
        request.Q = "in:inbox -label:receipts";
        request.LabelIds = new Google.Apis.Util.Repeatable<string>(["INBOX", "UNREAD"]);
        request.MaxResults = 500;
        request.PageToken = "abc";

        using var message = request.CreateRequest();

        Assert.Equal(
            "https://gmail.googleapis.com/gmail/v1/users/someone%40example.com/messages?q=in%3Ainbox%20-label%3Areceipts&labelIds=INBOX&labelIds=UNREAD&maxResults=500&pageToken=abc",
            message.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Writes_history_parameters_as_the_discovery_document_describes()
    {
        using var api = GmailApiFactory.Create(new GmailOptions(), credential: null);
        var request = api.Users.History.List("me");
        request.StartHistoryId = 18_446_744_073_709_551_615;
        request.HistoryTypes = new Google.Apis.Util.Repeatable<string>([ListHistoryRequest.LabelAdded, ListHistoryRequest.LabelRemoved]);
        request.MaxResults = 500;
        request.PageToken = "p2";

        using var message = request.CreateRequest();

        Assert.Equal(
            "https://gmail.googleapis.com/gmail/v1/users/me/history?startHistoryId=18446744073709551615&historyTypes=labelAdded&historyTypes=labelRemoved&maxResults=500&pageToken=p2",
            message.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task Gets_chosen_headers_with_format_metadata()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        var id = server.AddMessage("From: a@example.com\r\nSubject: Hello\r\n world\r\nList-Id: <news.example.com>\r\n\r\nBody\r\n");
        using var api = GmailApiFactory.Create(new GmailOptions { ApiBaseUrl = server.BaseUrl.ToString() }, credential: null);
        var request = api.Users.Messages.Get("me", id);
        request.Format = MessageFormat.Metadata;
        request.MetadataHeaders = new Google.Apis.Util.Repeatable<string>(["Subject", "List-Id"]);

        var message = await request.ExecuteAsync(Ct);

        Assert.Null(message.Raw);
        Assert.Equal(["INBOX", "UNREAD"], message.LabelIds);
        Assert.Equal([("Subject", "Hello world"), ("List-Id", "<news.example.com>")], message.Payload!.Headers!.Select(h => (h.Name, h.Value)));
        Assert.Equal("metadata", server.Requests.Single().QueryValue("format"));
    }

    [Fact]
    public async Task Creates_a_label_and_reads_it_back()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        using var api = GmailApiFactory.Create(new GmailOptions { ApiBaseUrl = server.BaseUrl.ToString() }, credential: null);

        var created = await api.Users.Labels.Create(new Label { Name = "Triage/Receipts", LabelListVisibility = Label.LabelShow, MessageListVisibility = Label.Show }, "me").ExecuteAsync(Ct);
        var listed = await api.Users.Labels.List("me").ExecuteAsync(Ct);

        Assert.StartsWith("Label_", created.Id, StringComparison.Ordinal);
        var label = Assert.Single(listed.Labels!, l => l.Type == "user");
        Assert.Equal((created.Id, "Triage/Receipts", "labelShow", "show"), (label.Id, label.Name, label.LabelListVisibility, label.MessageListVisibility));
    }
}
