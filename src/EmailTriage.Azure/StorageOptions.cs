using Microsoft.Extensions.Configuration;

namespace EmailTriage.Azure;

/// <summary>
/// The app's Azure Storage account: where the per-mailbox state lives now, and the leases and queues later. Unset, the
/// app keeps its state on this machine and needs no Azure at all.
/// </summary>
public sealed class StorageOptions
{
    public const string SettingName = "EMAILTRIAGE_STORAGE";
    public const string StateContainerSettingName = "EMAILTRIAGE_STATE_CONTAINER";
    public const string DefaultStateContainer = "emailtriage-state";
    public const string QueueSettingName = "EMAILTRIAGE_QUEUE";
    public const string DefaultQueue = "emailtriage-mailboxes";

    /// <summary>A connection string (AccountName=..., or UseDevelopmentStorage=true for Azurite) or the blob endpoint URL.</summary>
    [ConfigurationKeyName(SettingName)]
    public string? Account { get; set; }

    /// <summary>The blob container holding every mailbox's state, one folder-like prefix per mailbox.</summary>
    [ConfigurationKeyName(StateContainerSettingName)]
    public string StateContainer { get; set; } = DefaultStateContainer;

    /// <summary>The queue the schedule puts one message per mailbox on (its poison queue is this name plus -poison).</summary>
    [ConfigurationKeyName(QueueSettingName)]
    public string Queue { get; set; } = DefaultQueue;

    /// <summary>How long a mailbox's run lease lasts unrenewed (15-60 s, Azure's limits): how soon a crashed run's mailbox is free again.</summary>
    [ConfigurationKeyName("EMAILTRIAGE_LEASE_SECONDS")]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>With an endpoint URL: the client id of the user-assigned managed identity to sign in as (Azure sets none by itself).</summary>
    [ConfigurationKeyName("AZURE_CLIENT_ID")]
    public string? ManagedIdentityClientId { get; set; }
}
