using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Testing;

/// <summary>The Kestrel set-up every fake server shares: 127.0.0.1 on a port the OS picks, isolated from the test process.</summary>
internal static class LoopbackHost
{
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Without this every instance watches the working directory for appsettings changes,
            // and tests that start many servers exhaust the inotify instance limit.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            EnvironmentName = Environments.Production,
        });

        // The hosting process's appsettings and ASPNETCORE_* variables must not reconfigure the fake.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        return builder;
    }

    /// <summary>Cancels what the fake is waiting on (latency, slots) first, else a graceful stop would wait for it, then stops.</summary>
    public static async Task StopAsync(WebApplication app, CancellationTokenSource stopping)
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    /// <summary>Starts the app and answers its root address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public static async Task<string> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return addresses.Addresses.Single().TrimEnd('/');
    }
}
