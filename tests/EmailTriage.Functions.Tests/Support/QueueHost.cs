using System.Text.Json;
using Azure.Storage.Queues;
using EmailTriage.Testing;

namespace EmailTriage.Functions.Tests.Support;

/// <summary>
/// What the Functions host's queue listener does with a message, over the real queue: receive it (hidden for
/// host.json's visibilityTimeout), call the function, delete it on success; on an exception, once the message's own
/// dequeue count reaches host.json's maxDequeueCount, move it to the -poison queue, else make it visible again. The one
/// liberty: a failed message becomes visible at once instead of after visibilityTimeout, so the test need not wait.
/// </summary>
internal sealed class QueueHost(string connectionString, string queueName)
{
    // As the app sends them and the host reads them (host.json messageEncoding).
    private static readonly QueueClientOptions Base64 = new() { MessageEncoding = QueueMessageEncoding.Base64 };
    private readonly QueueClient _queue = new(connectionString, queueName, Base64);

    private static readonly Lazy<JsonElement> Queues = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json"))).RootElement.GetProperty("extensions").GetProperty("queues"));

    public static int MaxDequeueCount => Queues.Value.GetProperty("maxDequeueCount").GetInt32();

    private static TimeSpan VisibilityTimeout => TimeSpan.Parse(Queues.Value.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public QueueClient Queue => _queue;

    public QueueClient Poison { get; } = new(connectionString, queueName + "-poison", Base64);

    /// <summary>Delivers messages until the queue is empty; the number of deliveries.</summary>
    public async Task<int> DrainAsync(Func<string, Task> function, CancellationToken cancellationToken)
    {
        var deliveries = 0;
        while ((await _queue.ReceiveMessageAsync(VisibilityTimeout, cancellationToken)).Value is { } message)
        {
            deliveries++;
            try
            {
                await function(message.MessageText);
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                if (message.DequeueCount >= MaxDequeueCount)
                {
                    await Poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                    await Poison.SendMessageAsync(message.MessageText, cancellationToken);
                    await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
                else
                {
                    await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                }
            }
        }

        return deliveries;
    }
}
