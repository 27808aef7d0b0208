using System.Net;
using Microsoft.Extensions.Options;

namespace EmailTriage.Imap;

/// <summary>
/// Checks the IMAP settings that are given. Missing ones (no IMAP_HOST at all) are not an error here: most users never use
/// IMAP; <see cref="ImapMailboxFactory"/> says what is missing when an IMAP mailbox is asked for.
/// </summary>
internal sealed class ImapOptionsValidator : IValidateOptions<ImapOptions>
{
    public ValidateOptionsResult Validate(string? name, ImapOptions options)
    {
        var failures = new List<string>();
        var security = ImapSecurityNames.Parse(options.Security);
        if (security is null)
        {
            failures.Add($"IMAP_SECURITY '{options.Security}' is not one of {ImapSecurityNames.Allowed}. Remove the setting to use ssl (port 993).");
        }

        if (ImapLabelModeNames.Parse(options.LabelsAs) is null)
        {
            failures.Add($"IMAP_LABELS_AS '{options.LabelsAs}' is not one of {ImapLabelModeNames.Allowed}. Remove the setting to file messages into folders.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"IMAP_PORT must be between 1 and 65535 (was {options.Port}). Remove the setting to use 993 for ssl, 143 for starttls.");
        }

        if (security == ImapSecurity.None && !string.IsNullOrWhiteSpace(options.Host) && !IsLoopback(options.Host))
        {
            failures.Add($"IMAP_SECURITY none sends the password unencrypted, so it is allowed only for a loopback host (localhost, 127.0.0.1), not '{options.Host}'. Use ssl or starttls.");
        }

        if (options.TrustCertificateFile is { Length: > 0 } file && !File.Exists(file) && Path.IsPathRooted(file))
        {
            failures.Add($"IMAP_TRUST_CERTIFICATE_FILE '{file}' does not exist. Point it at the server's certificate (PEM or DER), or remove the setting.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsLoopback(string host) =>
        string.Equals(host.Trim(), "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim().Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
