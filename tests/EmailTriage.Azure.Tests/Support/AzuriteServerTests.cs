using EmailTriage.Testing;

namespace EmailTriage.Azure.Tests.Support;

/// <summary>tests/EmailTriage.Testing/AzuriteServer.cs: the emulator every Azure test runs against.</summary>
public sealed class AzuriteServerTests(Azurite azurite)
{
    [Fact]
    public async Task Listens_on_loopback_ports_of_its_own()
    {
        Assert.Equal("127.0.0.1", azurite.Server.BlobEndpoint.Host);
        Assert.NotEqual(azurite.Server.BlobPort, azurite.Server.QueuePort);

        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, azurite.Server.QueuePort, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Says_to_run_the_test_script_when_azurite_is_missing()
    {
        // This assembly's Azurite is already running, so no other test reads the variable meanwhile.
        var before = Environment.GetEnvironmentVariable("AZURITE_BIN");
        Environment.SetEnvironmentVariable("AZURITE_BIN", "/nonexistent/azurite");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AzuriteServer.StartAsync(TestContext.Current.CancellationToken));

            Assert.Contains("AZURITE_BIN names /nonexistent/azurite, which does not exist.", error.Message, StringComparison.Ordinal);
            Assert.Contains("scripts/test.sh", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AZURITE_BIN", before);
        }
    }
}
