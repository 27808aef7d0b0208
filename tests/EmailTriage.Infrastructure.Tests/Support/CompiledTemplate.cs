namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>infra/main.bicep compiled once per test run with the Bicep CLI, into a temporary directory.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private DirectoryInfo? output;
    private ArmTemplate? arm;

    public ArmTemplate Arm => arm ?? throw new InvalidOperationException("The template is compiled in InitializeAsync.");

    /// <summary>What `bicep build` printed: compiler and linter diagnostics for main.bicep and every module.</summary>
    public string Diagnostics { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        output = Directory.CreateTempSubdirectory("emailtriage-infra-");
        var file = Path.Combine(output.FullName, "main.json");
        var result = await BicepCli.RunAsync(["build", Repository.PathOf("infra/main.bicep"), "--outfile", file], CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build infra/main.bicep failed ({result.ExitCode}):\n{result.Output}");
        }

        Diagnostics = result.Output;
        arm = new ArmTemplate(await File.ReadAllTextAsync(file));
    }

    public ValueTask DisposeAsync()
    {
        output?.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
