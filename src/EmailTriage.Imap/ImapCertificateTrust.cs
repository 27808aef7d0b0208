using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EmailTriage.Imap;

/// <summary>
/// Certificate validation for the IMAP connection: what the system trusts, plus at most one certificate the user trusts
/// by file (IMAP_TRUST_CERTIFICATE_FILE) for a self-signed server. The host name must always match; nothing is trusted
/// wholesale. The last refusal is kept so the error can say why.
/// </summary>
internal sealed class ImapCertificateTrust(X509Certificate2? extra)
{
    public string? LastRefusal { get; private set; }

    public static ImapCertificateTrust FromFile(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return new ImapCertificateTrust(null);
        }

        try
        {
            var text = File.ReadAllText(path);
            var certificate = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path);
            return new ImapCertificateTrust(certificate);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new Configuration.SettingsException(
                $"IMAP_TRUST_CERTIFICATE_FILE '{path}' could not be read as a certificate ({ex.Message}). Point it at the server's certificate in PEM or DER form.",
                ex);
        }
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Refuse("the server sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse($"its certificate is for another name ({certificate.Subject})");
        }

        if (extra is null)
        {
            return Refuse($"its certificate ({certificate.Subject}) is not trusted by this machine; for a self-signed server, set IMAP_TRUST_CERTIFICATE_FILE to its certificate");
        }

        // Only the chain is in question: build it again with the user's certificate as a root. A self-signed certificate has
        // no revocation list to ask.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(extra);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf)
            ? true
            : Refuse($"its certificate ({certificate.Subject}) is neither trusted by this machine nor issued by the one in IMAP_TRUST_CERTIFICATE_FILE ({extra.Subject})");
    }

    private bool Refuse(string why)
    {
        LastRefusal = why;
        return false;
    }
}
