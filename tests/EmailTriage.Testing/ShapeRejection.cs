namespace EmailTriage.Testing;

/// <summary>A 400 a shape's own request validation answers with, in OpenAI's error envelope.</summary>
internal sealed record ShapeRejection(string Message, string? Param, string? Code);
