using System.Text;

namespace EmailTriage.Evaluation;

/// <summary>
/// A repeatable subset: each message gets a score from its id and the seed, and the lowest scores are taken.
/// The same folder and seed give the same subset on every machine and .NET version, and adding mail to the
/// folder changes the subset only where a new message outscores an old one.
/// </summary>
public static class EvalSample
{
    public static IReadOnlyList<LabelledMessage> Choose(IReadOnlyList<LabelledMessage> messages, int? size, int seed)
    {
        var chosen = size is { } n && n < messages.Count
            ? messages.OrderBy(m => Score(m.Item.Id, seed)).ThenBy(m => m.Item.Id, StringComparer.Ordinal).Take(n)
            : messages;
        return [.. chosen.OrderBy(m => m.Item.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The ids <see cref="Choose"/> would keep, in id order, for a source that can list ids before it reads any
    /// content (Gmail), so that only the chosen messages are fetched.
    /// </summary>
    public static IReadOnlyList<string> ChooseIds(IReadOnlyList<string> ids, int? size, int seed)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var chosen = size is { } n && n < ids.Count
            ? ids.OrderBy(id => Score(id, seed)).ThenBy(id => id, StringComparer.Ordinal).Take(n)
            : ids;
        return [.. chosen.Order(StringComparer.Ordinal)];
    }

    // FNV-1a over the id, then the SplitMix64 finaliser so that nearby ids and seeds spread evenly.
    // string.GetHashCode is randomised per process, so it cannot be used here.
    internal static ulong Score(string id, int seed)
    {
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash += 0x9E3779B97F4A7C15UL;
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
