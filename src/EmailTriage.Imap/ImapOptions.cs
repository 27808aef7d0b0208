using Microsoft.Extensions.Configuration;

namespace EmailTriage.Imap;

/// <summary>IMAP settings: any provider that speaks IMAP (Outlook.com, iCloud, Fastmail, Yahoo, a server of your own).</summary>
internal sealed partial class ImapOptions
{
    public const string DefaultFolder = "INBOX";

    [ConfigurationKeyName("IMAP_HOST")]
    public string? Host { get; set; }

    /// <summary>Null: 993 for ssl, 143 for starttls and none.</summary>
    [ConfigurationKeyName("IMAP_PORT")]
    public int? Port { get; set; }

    /// <summary>ssl (TLS from the first byte, the default), starttls, or none (loopback hosts only).</summary>
    [ConfigurationKeyName("IMAP_SECURITY")]
    public string Security { get; set; } = "ssl";

    [ConfigurationKeyName("IMAP_USERNAME")]
    public string? Username { get; set; }

    /// <summary>The account's password or, for iCloud, Fastmail, Yahoo and Gmail, an app password.</summary>
    [ConfigurationKeyName("IMAP_PASSWORD")]
    public string? Password { get; set; }

    /// <summary>The folder whose mail is triaged.</summary>
    [ConfigurationKeyName("IMAP_FOLDER")]
    public string Folder { get; set; } = DefaultFolder;

    /// <summary>folders (a label is a folder the message moves to, the default) or keywords (a label is a tag on the message).</summary>
    [ConfigurationKeyName("IMAP_LABELS_AS")]
    public string LabelsAs { get; set; } = "folders";

    /// <summary>A PEM or DER certificate trusted besides the system's, for a server with a self-signed certificate.</summary>
    [ConfigurationKeyName("IMAP_TRUST_CERTIFICATE_FILE")]
    public string? TrustCertificateFile { get; set; }

    public ImapSecurity EffectiveSecurity => ImapSecurityNames.Parse(Security) ?? ImapSecurity.Ssl;

    public ImapLabelMode EffectiveLabelMode => ImapLabelModeNames.Parse(LabelsAs) ?? ImapLabelMode.Folders;

    public int EffectivePort => Port ?? (EffectiveSecurity == ImapSecurity.Ssl ? 993 : 143);

    public string EffectiveFolder => string.IsNullOrWhiteSpace(Folder) ? DefaultFolder : Folder.Trim();

    /// <summary>A copy with the trust file resolved against the app's folder.</summary>
    public ImapOptions With(string? trustCertificateFile)
    {
        var copy = (ImapOptions)MemberwiseClone();
        copy.TrustCertificateFile = trustCertificateFile;
        return copy;
    }
}
