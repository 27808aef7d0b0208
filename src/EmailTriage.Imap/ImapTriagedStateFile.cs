using System.Text.Json;
using System.Text.Json.Serialization;
using EmailTriage.State;

namespace EmailTriage.Imap;

/// <summary>Reads and replaces <see cref="ImapTriagedState"/> as one JSON item of the mailbox's state store.</summary>
internal static class ImapTriagedStateFile
{
    public const string Name = "imap-triaged.json";

    public static async Task<ImapTriagedState> ReadAsync(IStateStore store, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(Name, cancellationToken);
        return stream is null
            ? new ImapTriagedState()
            : await JsonSerializer.DeserializeAsync(stream, ImapJsonContext.Default.ImapTriagedState, cancellationToken) ?? new ImapTriagedState();
    }

    public static async Task WriteAsync(IStateStore store, ImapTriagedState state, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        await JsonSerializer.SerializeAsync(content, state, ImapJsonContext.Default.ImapTriagedState, cancellationToken);
        content.Position = 0;
        await store.WriteAsync(Name, content, cancellationToken);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ImapTriagedState))]
[JsonSerializable(typeof(ImapFilingState))]
internal sealed partial class ImapJsonContext : JsonSerializerContext;
