namespace EmailTriage.Learning;

/// <summary>
/// The terms of one message for the TF-IDF space, the way scikit-learn's TfidfVectorizer sees text (lower-case
/// words of two or more letters or digits, word 1-2 grams), plus the who-tokens whole. One shared space: a word
/// in the subject is the same term as in the body, and the subject counts twice because it is written by hand.
/// </summary>
internal static class FilingTerms
{
    public static List<string> Of(FilingFeatures features)
    {
        var terms = new List<string>(256);
        foreach (var token in features.Who.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            terms.Add(token);
        }

        AddWords(terms, features.Sender, bigrams: false);
        AddWords(terms, features.Subject, bigrams: true);
        AddWords(terms, features.Subject, bigrams: true);
        AddWords(terms, features.Body, bigrams: true);
        if (CharGrams is 1 or 3)
        {
            AddCharGrams(terms, "s#", features.Sender);
        }

        if (CharGrams is 1 or 2)
        {
            AddCharGrams(terms, "t#", features.Subject);
        }

        return terms;
    }

    /// <summary>
    /// Character 3-5 grams within word boundaries (scikit-learn's char_wb) of the sender address and subject (1), the subject
    /// only (2) or the sender only (3); 0, none, in the product. Measured and not kept: the blend lost 0.005-0.009 of accuracy
    /// (docs/learning.md). Only the learn benchmark sets it (--char-grams), to reproduce that measurement.
    /// </summary>
    internal static int CharGrams { get; set; }

    private static void AddCharGrams(List<string> terms, string prefix, string text)
    {
        foreach (var word in text.ToLowerInvariant().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var padded = " " + word + " ";
            for (var n = 3; n <= 5; n++)
            {
                for (var i = 0; i + n <= padded.Length; i++)
                {
                    terms.Add(string.Concat(prefix, padded.AsSpan(i, n)));
                }
            }
        }
    }

    private static void AddWords(List<string> terms, string text, bool bigrams)
    {
        string? previous = null;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordChar(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            if (i - start < 2)
            {
                continue;
            }

            var word = text[start..i].ToLowerInvariant();
            terms.Add(word);
            if (bigrams && previous is not null)
            {
                terms.Add(string.Concat(previous, " ", word));
            }

            previous = word;
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
