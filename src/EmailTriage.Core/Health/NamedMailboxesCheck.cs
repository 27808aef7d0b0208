using EmailTriage.Errors;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;

namespace EmailTriage.Health;

/// <summary>
/// <c>check --all</c>: each mailbox of mailboxes.json opens, says what it is (a Gmail address, a folder's real path),
/// and has a label file that loads. One line per mailbox, so one broken account is plain to see among the rest.
/// </summary>
public sealed class NamedMailboxesCheck(MailboxCatalog catalog, LabelConfigLoader labels)
{
    public async Task<HealthReport> RunAsync(CancellationToken cancellationToken)
    {
        var list = catalog.Require("check --all");
        var items = new List<HealthItem>();
        foreach (var definition in list.Mailboxes)
        {
            items.Add(await CheckAsync(definition, cancellationToken));
        }

        return new HealthReport(items);
    }

    private async Task<HealthItem> CheckAsync(MailboxDefinition definition, CancellationToken cancellationToken)
    {
        var name = $"mailbox {definition.Name}";
        try
        {
            var config = definition.LabelFile is { } file ? LabelConfigLoader.LoadFile(file) : labels.Load();
            var mailbox = await catalog.OpenAsync(definition, cancellationToken);
            var identity = await mailbox.IdentifyAsync(cancellationToken);
            return new HealthItem(name, HealthStatus.Ok, $"{definition.Kind}: {identity}; {config.Labels.Count} labels from {config.SourcePath}");
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is { } kind)
        {
            return new HealthItem(name, kind == FailureKind.BadConfiguration ? HealthStatus.BadConfiguration : HealthStatus.Unavailable, ex.Message);
        }
    }
}
