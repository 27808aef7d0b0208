using EmailTriage.Configuration;
using EmailTriage.Gmail.Auth;
using EmailTriage.Health;

namespace EmailTriage.Gmail;

/// <summary>Is there a Gmail sign-in, and (full depth) does Gmail accept it. Gmail is optional: without a sign-in this only warns.</summary>
internal sealed class GmailHealthProbe(GmailMailboxFactory factory, AppPaths paths) : IHealthProbe
{
    public async Task<IReadOnlyList<HealthItem>> ProbeAsync(HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        var options = factory.Options;
        if (!factory.HasSignIn)
        {
            return [new HealthItem("gmail", HealthStatus.Warning,
                $"no Gmail sign-in: {paths.Resolve(options.TokenFile)} (GMAIL_TOKEN_FILE) does not exist and GMAIL_REFRESH_TOKEN is not set. " +
                "Run 'emailtriage auth gmail' to triage Gmail (see docs/gmail_setup.md); folder mailboxes work without it.")];
        }

        var source = string.IsNullOrWhiteSpace(options.RefreshToken) ? "token file present" : "refresh token from settings";
        if (depth == HealthCheckDepth.Quick)
        {
            return [new HealthItem("gmail", HealthStatus.Ok, $"sign-in: {source}")];
        }

        try
        {
            var api = await factory.GetApiAsync(cancellationToken);
            var labels = await api.Users.Labels.List(options.User).ExecuteAsync(cancellationToken);
            return [new HealthItem("gmail", HealthStatus.Ok, $"{source}; Gmail answers for {options.User} with {labels.Labels?.Count ?? 0} labels")];
        }
        catch (GmailSignInException ex)
        {
            return [new HealthItem("gmail", HealthStatus.Unavailable, ex.Message)];
        }
        catch (SettingsException ex)
        {
            return [new HealthItem("gmail", HealthStatus.BadConfiguration, ex.Message)];
        }
        catch (Mailboxes.MailboxUnavailableException ex)
        {
            // The token endpoint did not answer.
            return [new HealthItem("gmail", HealthStatus.Unavailable, ex.Message)];
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            return [new HealthItem("gmail", HealthStatus.Unavailable, $"Cannot reach Gmail at {options.EffectiveApiBaseUrl}: {GmailErrors.Describe(ex)}")];
        }
    }
}
