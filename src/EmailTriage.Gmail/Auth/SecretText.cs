namespace EmailTriage.Gmail.Auth;

/// <summary>How records holding secrets print them: whether one is there, never what it is, so a log or exception cannot leak it.</summary>
internal static class SecretText
{
    public static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "" : "***";
}
