namespace EmailTriage.Azure.Tests;

/// <summary>src/EmailTriage.Azure/StorageAccount.cs: what EMAILTRIAGE_STORAGE may be.</summary>
public sealed class StorageAccountTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("usedevelopmentstorage=true")]
    [InlineData($"DefaultEndpointsProtocol=https;AccountName=stabc;AccountKey={Key};EndpointSuffix=core.windows.net")]
    [InlineData($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")]
    [InlineData("BlobEndpoint=https://stabc.blob.core.windows.net/;SharedAccessSignature=sv=2024-11-04&ss=b&srt=co&sp=rwc&sig=abc")]
    public void Takes_a_connection_string_as_it_is(string value)
    {
        Assert.True(StorageAccount.TryParse($"  {value} ", out var account, out var problem), problem);

        Assert.Equal(value, account.ConnectionString);
        Assert.Null(account.BlobEndpoint);
        Assert.Equal("a connection string", account.ToString());
    }

    [Theory]
    [InlineData("https://stabc.blob.core.windows.net", "https://stabc.blob.core.windows.net/")]
    [InlineData("https://stabc.blob.core.windows.net/", "https://stabc.blob.core.windows.net/")]
    [InlineData("https://stabc.blob.core.usgovcloudapi.net/", "https://stabc.blob.core.usgovcloudapi.net/")]
    public void Takes_an_https_blob_endpoint_for_Azure_Identity(string value, string endpoint)
    {
        Assert.True(StorageAccount.TryParse(value, out var account, out var problem), problem);

        Assert.Equal(new Uri(endpoint), account.BlobEndpoint);
        Assert.Null(account.ConnectionString);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("stabc")]
    [InlineData("/var/state")]
    [InlineData("ftp://stabc.blob.core.windows.net")]
    [InlineData("")]
    public void Refuses_a_value_that_is_neither_and_says_what_to_set(string value)
    {
        Assert.False(StorageAccount.TryParse(value, out var account, out var problem));

        Assert.Null(account);
        Assert.StartsWith("EMAILTRIAGE_STORAGE is neither an Azure Storage connection string nor a blob endpoint URL.", problem, StringComparison.Ordinal);
        Assert.Contains("https://ACCOUNT.blob.core.windows.net", problem, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://stabc.blob.core.windows.net", "https://")]
    [InlineData("https://stabc.blob.core.windows.net/emailtriage-state", "not a container or blob URL")]
    [InlineData("https://stabc.blob.core.windows.net/?sv=2024&sig=abc", "SAS URL")]
    public void Refuses_an_endpoint_it_cannot_sign_in_to_and_says_why(string value, string reason)
    {
        Assert.False(StorageAccount.TryParse(value, out _, out var problem));

        Assert.StartsWith("EMAILTRIAGE_STORAGE must be", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_broken_connection_string_without_repeating_its_key()
    {
        var value = "DefaultEndpointsProtocol=https;AccountName=stabc;AccountKey=not base64!;EndpointSuffix=core.windows.net";

        Assert.False(StorageAccount.TryParse(value, out _, out var problem));

        Assert.StartsWith("EMAILTRIAGE_STORAGE looks like a connection string but Azure Storage cannot read it.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://stabc.blob.core.windows.net", "https://stabc.queue.core.windows.net/")]
    [InlineData("https://stabc.blob.core.usgovcloudapi.net/", "https://stabc.queue.core.usgovcloudapi.net/")]
    public void The_queue_endpoint_is_the_same_accounts(string blob, string queue)
    {
        Assert.True(StorageAccount.TryParse(blob, out var account, out var problem), problem);

        Assert.Equal(new Uri(queue), account.QueueEndpoint);
    }
}
