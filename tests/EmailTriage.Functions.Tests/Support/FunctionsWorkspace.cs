using System.Text;
using EmailTriage.Gmail;
using EmailTriage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailTriage.Functions.Tests.Support;

/// <summary>
/// The Functions host's services exactly as Program.cs composes them (Gmail included), pointed at a Gmail-shaped
/// server on 127.0.0.1 holding some inbox mail and signed in with a refresh token from settings, as in Azure.
/// Function classes are created from it the way the worker creates them.
/// </summary>
internal sealed class FunctionsWorkspace : IAsyncDisposable
{
    private const string RefreshToken = "1//refresh-token-for-tests";
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private ServiceProvider? _services;

    private FunctionsWorkspace(FakeGmailServer gmail, int messages)
    {
        Gmail = gmail;
        Directory = System.IO.Directory.CreateTempSubdirectory("emailtriage-functions-").FullName;
        MessageIds = [.. Enumerable.Range(1, messages).Select(i => gmail.AddMessage(
            $"From: Colleague {i} <c{i}@corp.example>\r\nTo: alex@morgan.example\r\nSubject: Project item {i}\r\n\r\nPlease look at item {i} today.\r\n",
            null,
            "INBOX"))];

        gmail.AddRefreshToken(RefreshToken, "client-id", "client-secret");
        gmail.RequireAccessToken = true;
        _settings["GMAIL_API_BASE_URL"] = gmail.BaseUrl.ToString();
        _settings["GMAIL_TOKEN_URI"] = gmail.TokenUrl.ToString();
        _settings["GMAIL_REFRESH_TOKEN"] = RefreshToken;
        _settings["GMAIL_CLIENT_ID"] = "client-id";
        _settings["GMAIL_CLIENT_SECRET"] = "client-secret";
        _settings["GMAIL_MAX_RETRIES"] = "0";
        _settings["LABEL_CONFIG_FILE"] = Path.Combine(RepoRoot, "config", "labels.json");
        _settings["LLM_MAX_RETRIES"] = "0";
        _settings["LLM_MAX_CONCURRENCY"] = "1";

        // Each workspace is a machine of its own: its own run locks, whatever the real user's state folder holds.
        _settings["EMAILTRIAGE_STATE_DIR"] = Path.Combine(Directory, "state");
    }

    public static string RepoRoot => RepoPaths.Root;

    public FakeGmailServer Gmail { get; }

    public IReadOnlyList<string> MessageIds { get; }

    public string Directory { get; }

    public TimeProvider? Time { get; set; }

    /// <summary>How many of the inbox messages carry the triaged marker.</summary>
    public int Triaged => MessageIds.Count(id => Gmail.LabelNamesOf(id).Contains(GmailMailbox.MarkerLabel));

    public static async Task<FunctionsWorkspace> StartAsync(int messages = 6) =>
        new(await FakeGmailServer.StartAsync(TestContext.Current.CancellationToken), messages);

    public FunctionsWorkspace With(string name, string? value)
    {
        _settings[name] = value;
        return this;
    }

    public FunctionsWorkspace WithLlm(Uri baseUrl) => With("LLM_BASE_URL", baseUrl.ToString()).With("LLM_MODEL", "test-model");

    /// <summary>The host's services, built on first use (settings given after that are not seen).</summary>
    public IServiceProvider Services => _services ??= Build();

    public T Create<T>()
    {
        _services ??= Build();
        return ActivatorUtilities.CreateInstance<T>(_services);
    }

    public static HttpRequest Request(string method, string? json = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        return context.Request;
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Gmail.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection().AddLogging().AddEmailTriageFunctions(configuration, Directory);
        if (Time is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(Time));
        }

        return services.BuildServiceProvider();
    }

}
