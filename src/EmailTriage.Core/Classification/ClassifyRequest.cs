namespace EmailTriage.Classification;

/// <summary>One message given as parts (a command line, an HTTP request) to classify on request.</summary>
/// <param name="Id">What the message is called in logs and results: where it came from ("command-line", "http").</param>
public sealed record ClassifyRequest(string Id, string From, string Subject, string Body);
