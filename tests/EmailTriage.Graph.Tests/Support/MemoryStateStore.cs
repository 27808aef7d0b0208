using EmailTriage.State;

namespace EmailTriage.Graph.Tests.Support;

/// <summary>A state store in memory: items as byte arrays, replaced whole.</summary>
internal sealed class MemoryStateStore : IStateStore
{
    private readonly Dictionary<string, byte[]> _items = new(StringComparer.Ordinal);

    public string Description => "memory";

    public int Writes { get; private set; }

    public byte[]? this[string name]
    {
        get => _items.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                _items.Remove(name);
            }
            else
            {
                _items[name] = value;
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(_items.TryGetValue(name, out var bytes) ? new MemoryStream(bytes, writable: false) : null);

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        _items[name] = copy.ToArray();
        Writes++;
    }
}
