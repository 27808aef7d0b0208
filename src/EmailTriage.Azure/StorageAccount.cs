using System.Diagnostics.CodeAnalysis;
using Azure.Storage.Blobs;

namespace EmailTriage.Azure;

/// <summary>
/// What EMAILTRIAGE_STORAGE names: a connection string, which carries its own credentials (an account key, a SAS, or
/// Azurite's well-known key), or the account's blob endpoint, reached as whoever Azure.Identity signs in.
/// Its text is never shown: a connection string holds a key.
/// </summary>
internal sealed class StorageAccount
{
    private StorageAccount(string? connectionString, Uri? blobEndpoint)
    {
        ConnectionString = connectionString;
        BlobEndpoint = blobEndpoint;
    }

    public string? ConnectionString { get; }

    public Uri? BlobEndpoint { get; }

    /// <summary>The same account's queue endpoint: https://ACCOUNT.queue.core.windows.net beside https://ACCOUNT.blob.core.windows.net.</summary>
    public Uri? QueueEndpoint => BlobEndpoint is { } blob && blob.Host.Split('.') is [var name, "blob", .. var rest]
        ? new UriBuilder(blob) { Host = string.Join('.', [name, "queue", .. rest]) }.Uri
        : null;

    public override string ToString() => BlobEndpoint is { } endpoint ? endpoint.ToString() : "a connection string";

    public static bool TryParse(string? value, [NotNullWhen(true)] out StorageAccount? account, [NotNullWhen(false)] out string? problem)
    {
        account = null;
        var text = value?.Trim() ?? "";
        if (IsConnectionString(text))
        {
            problem = ConnectionStringProblem(text);
            account = problem is null ? new StorageAccount(text, null) : null;
            return account is not null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            problem = $"{StorageOptions.SettingName} is neither an Azure Storage connection string nor a blob endpoint URL. " + HowToSet;
            return false;
        }

        problem = EndpointProblem(uri);
        account = problem is null ? new StorageAccount(null, new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")) : null;
        return account is not null;
    }

    private const string HowToSet =
        "Set it to the account's blob endpoint (https://ACCOUNT.blob.core.windows.net, signed in with Azure.Identity: the managed identity " +
        "named by AZURE_CLIENT_ID in Azure, az login on a Mac), to a connection string (DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...), " +
        "or to UseDevelopmentStorage=true for Azurite; or remove it to keep state on this machine.";

    private static bool IsConnectionString(string text) =>
        text.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
        || text.Contains("AccountName=", StringComparison.OrdinalIgnoreCase)
        || text.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase);

    private static string? ConnectionStringProblem(string text)
    {
        try
        {
            // Parses only; nothing is sent anywhere.
            _ = new BlobServiceClient(text);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's own message may quote the value, and with it the key: say what to do instead.
            return $"{StorageOptions.SettingName} looks like a connection string but Azure Storage cannot read it. " +
                "Copy it again (portal: the storage account's Access keys, Connection string) or use the blob endpoint URL instead; " +
                "for Azurite use UseDevelopmentStorage=true.";
        }
    }

    private static string? EndpointProblem(Uri uri)
    {
        if (uri.Scheme != "https")
        {
            return $"{StorageOptions.SettingName} must be an https:// URL: Azure.Identity sends its tokens over HTTPS only. " +
                "For Azurite over http use a connection string (UseDevelopmentStorage=true).";
        }

        if (uri.Query.Length > 1)
        {
            return $"{StorageOptions.SettingName} must be the blob endpoint without a query: a SAS URL is not supported here. " +
                "Use https://ACCOUNT.blob.core.windows.net (signed in with Azure.Identity), or a connection string with SharedAccessSignature=...";
        }

        if (uri.AbsolutePath.Trim('/').Length > 0)
        {
            return $"{StorageOptions.SettingName} must be the account's blob endpoint (https://ACCOUNT.blob.core.windows.net), " +
                $"not a container or blob URL; the container is {StorageOptions.StateContainerSettingName} (default {StorageOptions.DefaultStateContainer}).";
        }

        return null;
    }
}
