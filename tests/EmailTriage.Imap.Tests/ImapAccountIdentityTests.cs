using System.Net;
using EmailTriage.Imap.Tests.Support;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Imap.Tests;

/// <summary>
/// An IMAP account is one mailbox however it is spelled: the lock that keeps two runs from labelling the same mail (and
/// the state kept for it) is keyed by the server as resolved, the port, the user and the folder as the server names it.
/// </summary>
public sealed class ImapAccountIdentityTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _folder = Directory.CreateTempSubdirectory("imap-identity-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("localhost", "INBOX", "127.0.0.1", "INBOX")]
    [InlineData("127.0.0.1", "inbox", "127.0.0.1", "INBOX")]
    [InlineData("LocalHost.", "Inbox", "::1", "INBOX")]
    [InlineData("127.0.0.1", "Archive", "localhost", "Archive")]
    public async Task Two_spellings_of_one_account_are_one_identity(string host, string folder, string otherHost, string otherFolder)
    {
        var one = await Mailbox(host, folder).IdentifyAsync(Ct);
        var other = await Mailbox(otherHost, otherFolder).IdentifyAsync(Ct);

        Assert.Equal(one, other);
    }

    [Theory]
    [InlineData("127.0.0.1", 143, "triage@example.test", "Archive")]
    [InlineData("127.0.0.1", 993, "triage@example.test", "INBOX")]
    [InlineData("127.0.0.1", 143, "other@example.test", "INBOX")]
    [InlineData("192.0.2.1", 143, "triage@example.test", "INBOX")]
    public async Task Another_folder_port_user_or_server_is_another_identity(string host, int port, string user, string folder)
    {
        var one = await Mailbox("localhost", "INBOX").IdentifyAsync(Ct);
        var other = await Mailbox(host, folder, port, user).IdentifyAsync(Ct);

        Assert.NotEqual(one, other);
    }

    [Fact]
    public async Task A_server_in_your_own_network_is_its_address_and_one_on_the_internet_is_its_name()
    {
        // A resolver of the test's own: "nas" and "nas.home" name a machine on the local network; the provider's name
        // rotates through public addresses, so its addresses say nothing lasting about it.
        var names = new Dictionary<string, IPAddress[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["nas"] = [IPAddress.Parse("fd00::10"), IPAddress.Parse("192.168.1.10")],
            ["nas.home"] = [IPAddress.Parse("192.168.1.10")],
            ["imap.provider.example"] = [IPAddress.Parse("203.0.113.7")],
        };
        Task<IPAddress[]> Resolve(string name, CancellationToken _) =>
            names.TryGetValue(name, out var found) ? Task.FromResult(found) : throw new System.Net.Sockets.SocketException(11001);

        var nas = await ImapServerIdentity.OfAsync("nas", Resolve, Ct);
        var nasHome = await ImapServerIdentity.OfAsync("NAS.home.", Resolve, Ct);
        var nasAddress = await ImapServerIdentity.OfAsync("192.168.1.10", Resolve, Ct);
        var provider = await ImapServerIdentity.OfAsync("IMAP.Provider.example.", Resolve, Ct);
        var providerAddress = await ImapServerIdentity.OfAsync("203.0.113.7", Resolve, Ct);
        var unknown = await ImapServerIdentity.OfAsync("Gone.Example", Resolve, Ct);

        Assert.Equal(("192.168.1.10", "192.168.1.10"), (nas, nasHome));
        Assert.Equal("192.168.1.10", nasAddress);
        Assert.Equal("imap.provider.example", provider);
        Assert.Equal("203.0.113.7", providerAddress);
        Assert.Equal("gone.example", unknown);
    }

    [Theory]
    [InlineData("localhost", "INBOX", "127.0.0.1", "INBOX")]
    [InlineData("127.0.0.1", "inbox", "127.0.0.1", "INBOX")]
    public async Task Two_runs_on_two_spellings_of_one_account_exclude_each_other(string host, string folder, string otherHost, string otherFolder)
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendAsync(dovecot, Enumerable.Range(1, 6).Select(n => (n, ImapTestAccount.Numbered(n))), Ct);
        await using var relay = new TcpRelay(dovecot.Port);
        var searching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var goOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first run holds its lock and waits at its search until the second run has tried.
        relay.BeforeEachCommand("UID SEARCH", async n =>
        {
            if (n == 1)
            {
                searching.TrySetResult();
                await goOn.Task;
            }
        });
        using var first = Services(relay.Port, host, folder);
        using var second = Services(relay.Port, otherHost, otherFolder);

        var running = RunAsync(first);
        await searching.Task.WaitAsync(Timeout, Ct);
        var refused = await Assert.ThrowsAsync<MailboxUnavailableException>(() => RunAsync(second));
        goOn.SetResult();
        var summary = await running.WaitAsync(Timeout, Ct);
        var after = await TaggedMail.LocateAsync(dovecot, Ct);

        Assert.True(refused.HeldByAnotherRun);
        Assert.StartsWith("Another triage run", refused.Message, StringComparison.Ordinal);
        Assert.Equal((6, 6), (summary.Candidates, summary.Applied));
        Assert.Equal(Enumerable.Range(1, 6), after.Select(m => m.Number).Order());
        TaggedMail.AssertLabelledOnce(after, "keywords");
    }

    [Fact]
    public async Task The_state_of_one_account_is_one_folder_however_it_is_spelled()
    {
        using var services = Services(143, "localhost", "INBOX");
        var stores = services.GetRequiredService<IStateStores>();

        var one = await ImapRuns.StateAsync(Mailbox("localhost", "inbox"), services, Ct);
        var other = await ImapRuns.StateAsync(Mailbox("127.0.0.1", "INBOX"), services, Ct);

        Assert.Equal(one.Description, other.Description);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ImapMailbox Mailbox(string host, string folder, int port = 143, string user = DovecotServer.User) => new(
        new ImapOptions { Host = host, Port = port, Security = "none", Username = user, Password = "-", Folder = folder },
        4000,
        NullLogger<ImapMailbox>.Instance);

    private static Task<TriageSummary> RunAsync(ServiceProvider services) =>
        services.GetRequiredService<TriageRunner>().RunAsync(services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest(), Ct);

    private ServiceProvider Services(int port, string host, string folder) =>
        ImapTestAccount.Services(_folder, port, "keywords", settings: new Dictionary<string, string?> { ["IMAP_HOST"] = host, ["IMAP_FOLDER"] = folder });
}
