using EmailTriage.Mailboxes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Functions.Tests;

/// <summary>The Functions host's composition root offers every mailbox kind of the build, each by one Add line.</summary>
public sealed class FunctionsMailboxKindsTests
{
    [Fact]
    public void Every_kind_is_registered_folder_first()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"emailtriage-functions-{Guid.NewGuid():N}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(directory, "state") }).Build();
        using var services = new ServiceCollection().AddLogging().AddEmailTriageFunctions(configuration, directory).BuildServiceProvider();

        var kinds = services.GetRequiredService<MailboxKinds>();

        Assert.Equal(["folder", "gmail", "imap", "graph"], kinds.All.Select(k => k.Name));
    }
}
