namespace EmailTriage.Filing;

/// <summary>A filed message like the one guessed: its id, where it was filed, its subject and sender, and how alike the two are (cosine of their strongest terms, 0 to 1).</summary>
public sealed record FilingNeighbour(string Id, string Label, string Subject, string From, double Similarity);
