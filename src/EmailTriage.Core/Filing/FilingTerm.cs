namespace EmailTriage.Filing;

/// <summary>A term of the message and how much it added to the guessed label's score (the text model's weight times the term's weight in the message).</summary>
public sealed record FilingTerm(string Term, double Weight);
