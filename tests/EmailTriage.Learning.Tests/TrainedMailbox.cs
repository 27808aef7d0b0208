using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

/// <summary>One model trained on <see cref="MadeUpMail.Mailbox"/>, shared by the tests that only read it.</summary>
public sealed class TrainedMailbox
{
    public TrainedMailbox() => Model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(target: 0), TestContext.Current.CancellationToken);

    public LearnedModel Model { get; }
}
