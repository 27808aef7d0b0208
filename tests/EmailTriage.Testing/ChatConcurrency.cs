namespace EmailTriage.Testing;

/// <summary>Limits chat processing to a number of slots and remembers the peak number in flight.</summary>
internal sealed class ChatConcurrency
{
    // Replaced rather than resized when Slots changes; requests already inside release to the semaphore they entered.
    private SemaphoreSlim? _slots;
    private int? _slotCount;
    private int _inFlight;
    private int _maxInFlight;

    public int? Slots
    {
        get => _slotCount;
        set
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Slots must be at least 1 when set.");
            }

            _slotCount = value;
            Volatile.Write(ref _slots, value is { } n ? new SemaphoreSlim(n, n) : null);
        }
    }

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Waits for a free slot; dispose the result to leave it.</summary>
    public async Task<Lease> EnterAsync(CancellationToken cancellationToken)
    {
        var slots = Volatile.Read(ref _slots);
        if (slots is not null)
        {
            await slots.WaitAsync(cancellationToken);
        }

        var inFlight = Interlocked.Increment(ref _inFlight);
        var max = Volatile.Read(ref _maxInFlight);
        while (inFlight > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }

        return new Lease(this, slots);
    }

    internal readonly struct Lease(ChatConcurrency owner, SemaphoreSlim? slots) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Decrement(ref owner._inFlight);
            slots?.Release();
        }
    }
}
