using System.Security.Cryptography;
using System.Text;

namespace EmailTriage.Learning;

/// <summary>
/// The labels a model was trained for, part of its identity: a model for another label set is never used,
/// because it would answer labels the user no longer has, or never answer new ones.
/// </summary>
public sealed class LabelSet
{
    public LabelSet(IEnumerable<string> labels)
    {
        Labels = [.. labels.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];
        var canonical = string.Join('\n', Labels.Order(StringComparer.Ordinal));
        Identity = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>The same for the same labels in any order, different for any other set.</summary>
    public string Identity { get; }

    public int IndexOf(string label)
    {
        for (var i = 0; i < Labels.Count; i++)
        {
            if (string.Equals(Labels[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Throws a message naming the difference when <paramref name="current"/> is not this set.</summary>
    public void EnsureSameAs(LabelSet current, string modelName)
    {
        if (current.Identity == Identity)
        {
            return;
        }

        var added = current.Labels.Except(Labels, StringComparer.Ordinal).ToList();
        var removed = Labels.Except(current.Labels, StringComparer.Ordinal).ToList();
        var difference = string.Join("; ", new[]
        {
            added.Count > 0 ? "labels now in the label file but not in the model: " + string.Join(", ", added.Take(10)) : null,
            removed.Count > 0 ? "labels in the model but no longer in the label file: " + string.Join(", ", removed.Take(10)) : null,
        }.Where(s => s is not null));
        throw new LearningException(
            $"The learned model {modelName} was trained for another label set ({difference}). " +
            "It is not used; run 'emailtriage learn' again to train one for the current labels.");
    }
}
