using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EmailTriage.Testing;

namespace EmailTriage.Graph.Tests;

/// <summary>The Graph-shaped server behaves as Graph does where the client depends on it, tested with a plain HttpClient.</summary>
public sealed class FakeGraphServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_immutable_ids_a_message_gets_a_new_id_when_it_moves()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        var id = graph.AddMessage("Subject: a\r\n\r\nb\r\n");
        using var http = Client(graph);

        var moved = await Json(await http.PostAsync($"me/messages/{Uri.EscapeDataString(id)}/move", Body("""{"destinationId": "archive"}"""), Ct));
        var old = await http.GetAsync($"me/messages/{Uri.EscapeDataString((string)moved["id"]!)}", Ct);

        Assert.NotEqual(id, (string?)moved["id"]);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal("Archive", graph.FolderNameOf(id));
    }

    [Fact]
    public async Task A_delta_round_reports_what_changed_and_what_left()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        var stays = graph.AddMessage("Subject: a\r\n\r\nb\r\n");
        var leaves = graph.AddMessage("Subject: c\r\n\r\nd\r\n");
        graph.AddMessage("Subject: e\r\n\r\nf\r\n");
        using var http = Client(graph);
        var first = await Json(await http.GetAsync("me/mailFolders/inbox/messages/delta?$select=categories", Ct));
        Assert.Equal(3, first["value"]!.AsArray().Count);

        graph.SetCategoriesAsUser(stays, "Red");
        graph.MoveAsUser(leaves, "archive");
        var next = await Json(await http.GetAsync((string)first["@odata.deltaLink"]!, Ct));

        var changes = next["value"]!.AsArray().Select(v => ((string)v!["id"]!, v["@removed"] is not null)).OrderBy(c => c.Item2).ToList();
        Assert.Equal([(stays, false), (leaves, true)], changes);
    }

    [Fact]
    public async Task A_batch_of_more_than_twenty_requests_is_refused()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var http = Client(graph);
        var requests = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)new JsonObject { ["id"] = $"{i}", ["method"] = "GET", ["url"] = "/me/mailFolders/inbox" })]);

        var answer = await http.PostAsync("$batch", Body(new JsonObject { ["requests"] = requests }.ToJsonString()), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_answered_401_with_a_challenge()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var http = Client(graph);
        graph.ExpireAccessTokens();

        var answer = await http.GetAsync("me/mailFolders/inbox", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("Bearer", Assert.Single(answer.Headers.WwwAuthenticate).Scheme);
    }

    private static HttpClient Client(FakeGraphServer graph)
    {
        var http = new HttpClient { BaseAddress = graph.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", graph.IssueAccessToken());
        return http;
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }
}
