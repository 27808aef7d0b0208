namespace EmailTriage.Imap;

/// <summary>How the connection is protected (IMAP_SECURITY).</summary>
internal enum ImapSecurity
{
    /// <summary>TLS from the first byte (port 993).</summary>
    Ssl,

    /// <summary>Plain text first, then STARTTLS before signing in; refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>No encryption: the password crosses the wire as it is, so only a loopback host (a local bridge) may use it.</summary>
    None,
}

internal static class ImapSecurityNames
{
    public const string Allowed = "ssl, starttls or none";

    public static ImapSecurity? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "ssl" or "tls" => ImapSecurity.Ssl,
        "starttls" => ImapSecurity.StartTls,
        "none" => ImapSecurity.None,
        _ => null,
    };
}
