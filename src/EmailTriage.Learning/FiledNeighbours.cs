using Microsoft.ML.Data;

namespace EmailTriage.Learning;

/// <summary>
/// Finds the filed messages most like a new one, to show as evidence. Each message is reduced to its
/// <see cref="TermsKept"/> strongest TF-IDF terms, so the index stays small (a few entries per message) and a look-up
/// costs tens of microseconds; the similarity is the cosine of those reduced vectors. Built on first use; examples filed
/// later join as they come. Thread-safe.
/// </summary>
internal sealed class FiledNeighbours(TfidfVocabulary vocabulary, int bodyChars)
{
    public const int TermsKept = 32;

    private readonly Dictionary<int, List<(int Example, float Weight)>> _postings = [];
    private readonly List<FiledExample> _examples = [];
    private readonly Dictionary<string, int> _indexed = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Adds an example, or takes its new label when it is indexed already.</summary>
    public void Add(FiledExample example)
    {
        lock (_lock)
        {
            if (_indexed.TryGetValue(example.Key, out var known))
            {
                _examples[known] = example;
                return;
            }

            var at = _examples.Count;
            _examples.Add(example);
            _indexed[example.Key] = at;
            var vector = Reduce(vocabulary.Vector(FilingTerms.Of(FilingFeatures.From(example.ToMessage(), bodyChars))));
            foreach (var (term, weight) in vector)
            {
                if (!_postings.TryGetValue(term, out var posting))
                {
                    posting = [];
                    _postings[term] = posting;
                }

                posting.Add((at, weight));
            }
        }
    }

    /// <summary>The <paramref name="count"/> most similar examples to the message whose TF-IDF vector is <paramref name="vector"/>.</summary>
    public IReadOnlyList<(FiledExample Example, double Similarity)> Nearest(VBuffer<float> vector, int count, string? exceptKey = null)
    {
        var query = Reduce(vector);
        lock (_lock)
        {
            var scores = new Dictionary<int, double>();
            foreach (var (term, weight) in query)
            {
                if (_postings.TryGetValue(term, out var posting))
                {
                    foreach (var (example, exampleWeight) in posting)
                    {
                        scores[example] = scores.GetValueOrDefault(example) + (weight * exampleWeight);
                    }
                }
            }

            return [.. scores.Where(s => s.Value > 0 && _examples[s.Key].Key != exceptKey)
                .OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(count)
                .Select(s => (_examples[s.Key], Math.Min(1, s.Value)))];
        }
    }

    // The strongest terms, renormalised, so the cosine of two reduced vectors stays between 0 and 1.
    private static List<(int Term, float Weight)> Reduce(VBuffer<float> vector)
    {
        var indices = vector.GetIndices();
        var values = vector.GetValues().ToArray();
        var kept = new List<(int Term, float Weight)>(Math.Min(values.Length, TermsKept));
        var order = Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenBy(i => i).Take(TermsKept);
        var norm = 0.0;
        foreach (var i in order)
        {
            var term = indices.Length == 0 ? i : indices[i];
            kept.Add((term, values[i]));
            norm += values[i] * values[i];
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var k = 0; k < kept.Count; k++)
            {
                kept[k] = (kept[k].Term, kept[k].Weight * scale);
            }
        }

        return kept;
    }
}
