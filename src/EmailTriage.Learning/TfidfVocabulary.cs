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

    public static TfidfVocabulary Fit(IReadOnlyList<List<string>> documents)
    {
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            seen.Clear();
            foreach (var term in document)
            {
                if (seen.Add(term))
                {
                    frequency[term] = frequency.GetValueOrDefault(term) + 1;
                }
            }
        }

        var terms = frequency.Keys.Order(StringComparer.Ordinal).ToArray();
        var n = documents.Count;
        var idf = terms.Select(t => (float)(Math.Log((1.0 + n) / (1.0 + frequency[t])) + 1)).ToArray();
        return new TfidfVocabulary { Terms = terms, Idf = idf };
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

        var indices = counts.Keys.Order().ToArray();
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
