namespace EmailTriage.Gmail.Api;

/// <summary>Gmail's <c>raw</c> is base64url, sometimes without padding, which <see cref="Convert"/> does not read.</summary>
internal static class Base64Url
{
    public static byte[] Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var chars = value.Trim().Replace('-', '+').Replace('_', '/');
        var padding = (4 - (chars.Length % 4)) % 4;
        return Convert.FromBase64String(chars + new string('=', padding));
    }

    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
