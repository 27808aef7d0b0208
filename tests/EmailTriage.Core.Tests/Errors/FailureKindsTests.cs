using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Errors;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Options;

namespace EmailTriage.Core.Tests.Errors;

public sealed class FailureKindsTests
{
    public static TheoryData<Exception, FailureKind> Known { get; } = new()
    {
        { new SettingsException("LLM_MODEL environment variable must be set."), FailureKind.BadConfiguration },
        { new LabelConfigException("labels.json line 3: ..."), FailureKind.BadConfiguration },
        { new OptionsValidationException("Llm", typeof(LlmOptions), ["LLM_MAX_CONCURRENCY must be 1 or more."]), FailureKind.BadConfiguration },
        { new LlmException(LlmFailure.ModelNotFound, "Model not found: gpt-9."), FailureKind.BadConfiguration },
        { new LlmException(LlmFailure.Unreachable, "Cannot connect to LLM API."), FailureKind.ServiceUnavailable },
        { new LlmException(LlmFailure.AuthenticationFailed, "Authentication failed."), FailureKind.ServiceUnavailable },
        { new LlmException(LlmFailure.RateLimited, "Rate limited."), FailureKind.ServiceUnavailable },
        { new LlmException(LlmFailure.ServerError, "Server error."), FailureKind.ServiceUnavailable },
        { new MailboxUnavailableException("Gmail quota exceeded."), FailureKind.ServiceUnavailable },
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void Says_what_kind_of_failure_an_exception_is(Exception exception, FailureKind kind) =>
        Assert.Equal(kind, FailureKinds.Of(exception));

    [Fact]
    public void An_exception_nobody_planned_for_has_no_kind() =>
        Assert.Null(FailureKinds.Of(new InvalidOperationException("a bug")));

    [Theory]
    [InlineData(LlmFailure.ModelNotFound, FailureKind.BadConfiguration)]
    [InlineData(LlmFailure.Unreachable, FailureKind.ServiceUnavailable)]
    [InlineData(LlmFailure.AuthenticationFailed, FailureKind.ServiceUnavailable)]
    [InlineData(LlmFailure.RateLimited, FailureKind.ServiceUnavailable)]
    public void A_run_that_stopped_early_has_the_kind_of_its_stop_even_with_failed_messages(LlmFailure stop, FailureKind kind)
    {
        var summary = new TriageSummary { Mailbox = "inbox", StopFailure = stop, StoppedBecause = "stopped", FailureCount = 2 };

        Assert.Equal(kind, FailureKinds.OfStop(summary));
        Assert.Equal(kind, FailureKinds.Of(summary));
    }

    [Fact]
    public void A_run_that_finished_with_failed_messages_is_messages_failed()
    {
        var summary = new TriageSummary { Mailbox = "inbox", FailureCount = 1 };

        Assert.Null(FailureKinds.OfStop(summary));
        Assert.Equal(FailureKind.MessagesFailed, FailureKinds.Of(summary));
    }

    [Fact]
    public void A_clean_run_has_no_failure() =>
        Assert.Null(FailureKinds.Of(new TriageSummary { Mailbox = "inbox" }));
}
