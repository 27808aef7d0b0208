using EmailTriage.Errors;

namespace EmailTriage.Functions.Tests;

/// <summary>Every function maps a kind of failure to the same HTTP status.</summary>
public sealed class ProblemTests
{
    [Theory]
    [InlineData(FailureKind.BadConfiguration, 500)]
    [InlineData(FailureKind.ServiceUnavailable, 503)]
    [InlineData(FailureKind.MessagesFailed, 200)]
    public void Each_kind_of_failure_has_its_status(FailureKind kind, int status) =>
        Assert.Equal(status, Problem.StatusFor(kind));
}
