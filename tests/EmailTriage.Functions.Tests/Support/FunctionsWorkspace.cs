using System.Text;
using EmailTriage.Mailboxes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailTriage.Functions.Tests.Support;

/// <summary>
/// The Functions host's services as Program.cs composes them, over a temporary folder of mail and the shipped labels;
/// function classes are created from it the way the worker creates them.
/// </summary>
internal sealed class FunctionsWorkspace : IDisposable
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private ServiceProvider? _services;

    public FunctionsWorkspace(int messages = 6)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("emailtriage-functions-").FullName;
        Inbox = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "inbox")).FullName;
        for (var i = 1; i <= messages; i++)
        {
            File.WriteAllText(
                Path.Combine(Inbox, $"{i:00}.eml"),
                $"From: Colleague {i} <c{i}@corp.example>\r\nTo: alex@morgan.example\r\nSubject: Project item {i}\r\n\r\nPlease look at item {i} today.\r\n");
        }

        _settings["LABEL_CONFIG_FILE"] = Path.Combine(RepoRoot, "config", "labels.json");
        _settings["LLM_MAX_RETRIES"] = "0";
        _settings["LLM_MAX_CONCURRENCY"] = "1";
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    public string Directory { get; }

    public string Inbox { get; }

    public TimeProvider? Time { get; set; }

    public FolderMailbox Mailbox => new(Inbox);

    public FunctionsWorkspace With(string name, string? value)
    {
        _settings[name] = value;
        return this;
    }

    public FunctionsWorkspace WithLlm(Uri baseUrl) => With("LLM_BASE_URL", baseUrl.ToString()).With("LLM_MODEL", "test-model");

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

    public void Dispose()
    {
        _services?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection().AddLogging().AddEmailTriageFunctions(configuration, Directory);
        services.AddSingleton<IMailboxSource>(new FolderMailboxSource(Inbox));
        if (Time is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(Time));
        }

        return services.BuildServiceProvider();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmailTriage.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EmailTriage.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class FolderMailboxSource(string path) : IMailboxSource
    {
        public IMailbox Open(string? query) => new FolderMailbox(path);
    }
}
