using System.Text.Json.Serialization;
using Microsoft.ML.Data;

namespace EmailTriage.Learning;

/// <summary>
/// The TF-IDF space fitted on the training mail: every term seen, its inverse document frequency (smoothed,
/// as scikit-learn's), and the vector of a message in it: sublinear term frequency (1 + ln tf) times idf,
/// L2-normalised so long and short mail weigh alike. Terms never seen in training are ignored.
/// </summary>
internal sealed class TfidfVocabulary
{
    private Dictionary<string, int>? _index;

    public string[] Terms { get; init; } = [];

    public float[] Idf { get; init; } = [];

    [JsonIgnore]
    public int Size => Terms.Length;

    /// <summary>
    /// Terms are numbered in the order first seen, which is the order of the (dated) training mail; terms in fewer
    /// than <paramref name="fewestDocuments"/> messages are left out.
    /// </summary>
    public static TfidfVocabulary Fit(IReadOnlyList<List<string>> documents, int fewestDocuments = 1)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var frequency = new List<int>();
        var lastDocument = new List<int>();
        for (var d = 0; d < documents.Count; d++)
        {
            foreach (var term in documents[d])
            {
                if (!index.TryGetValue(term, out var i))
                {
                    i = index.Count;
                    index[term] = i;
                    frequency.Add(0);
                    lastDocument.Add(-1);
                }

                if (lastDocument[i] != d)
                {
                    lastDocument[i] = d;
                    frequency[i]++;
                }
            }
        }

        var all = new string[index.Count];
        foreach (var (term, i) in index)
        {
            all[i] = term;
        }

        var kept = Enumerable.Range(0, all.Length).Where(i => frequency[i] >= fewestDocuments).ToArray();
        var n = documents.Count;
        var terms = kept.Select(i => all[i]).ToArray();
        var idf = kept.Select(i => (float)(Math.Log((1.0 + n) / (1.0 + frequency[i])) + 1)).ToArray();
        return new TfidfVocabulary { Terms = terms, Idf = idf, _index = kept.Length == all.Length ? index : null };
    }

    public VBuffer<float> Vector(List<string> terms)
    {
        var index = Index();
        var counts = new Dictionary<int, int>();
        foreach (var term in terms)
        {
            if (index.TryGetValue(term, out var i))
            {
                counts[i] = counts.GetValueOrDefault(i) + 1;
            }
        }

        var indices = counts.Keys.ToArray();
        Array.Sort(indices);
        var values = new float[indices.Length];
        var norm = 0.0;
        for (var k = 0; k < indices.Length; k++)
        {
            var value = (1 + Math.Log(counts[indices[k]])) * Idf[indices[k]];
            values[k] = (float)value;
            norm += value * value;
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var k = 0; k < values.Length; k++)
            {
                values[k] *= scale;
            }
        }

        return new VBuffer<float>(Size, indices.Length, values, indices);
    }

    private Dictionary<string, int> Index()
    {
        if (_index is null)
        {
            var index = new Dictionary<string, int>(Terms.Length, StringComparer.Ordinal);
            for (var i = 0; i < Terms.Length; i++)
            {
                index[Terms[i]] = i;
            }

            _index = index;
        }

        return _index;
    }
}
