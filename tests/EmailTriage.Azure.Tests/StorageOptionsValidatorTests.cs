namespace EmailTriage.Azure.Tests;

/// <summary>src/EmailTriage.Azure/StorageOptionsValidator.cs.</summary>
public sealed class StorageOptionsValidatorTests
{
    [Fact]
    public void Accepts_a_connection_string_and_the_default_container()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Account = "UseDevelopmentStorage=true" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Names_EMAILTRIAGE_STORAGE_when_it_is_garbage()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Account = "my storage" });

        Assert.Contains(result.Failures!, f => f.StartsWith("EMAILTRIAGE_STORAGE is neither", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("State")]
    [InlineData("ab")]
    [InlineData("-state")]
    [InlineData("emailtriage--state")]
    [InlineData("")]
    public void Names_EMAILTRIAGE_STATE_CONTAINER_when_it_is_not_a_container_name(string container)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Account = "UseDevelopmentStorage=true", StateContainer = container });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"EMAILTRIAGE_STATE_CONTAINER '{container}' is not a blob container name", failure, StringComparison.Ordinal);
    }
}
