using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace EmailTriage.Architecture.Tests;

/// <summary>
/// The layering the projects promise, read from the built assemblies' metadata: Core knows no adapter and no provider's
/// package; no adapter knows another; the hosts reach an adapter only through its registration (its Add* method).
/// </summary>
public sealed class ProjectReferencesTests
{
    /// <summary>The projects that plug a provider or a technology into Core.</summary>
    private static readonly string[] Adapters = ["EmailTriage.Gmail", "EmailTriage.Imap", "EmailTriage.Graph", "EmailTriage.Azure", "EmailTriage.Learning", "EmailTriage.Llm"];

    private static readonly string[] Hosts = ["emailtriage", "EmailTriage.Functions"];

    /// <summary>Packages of providers and technologies that belong in an adapter, never in Core.</summary>
    private static readonly string[] ProviderPackages = ["Azure.", "Google.", "MailKit", "Microsoft.ML", "OpenAI", "Microsoft.Graph", "Microsoft.Kiota", "Microsoft.Azure.Functions", "Microsoft.AspNetCore"];

    public static TheoryData<string> AdapterNames => [.. Adapters.Where(Exists)];

    public static TheoryData<string> HostNames => [.. Hosts];

    [Fact]
    public void Core_references_no_adapter_and_no_provider_package()
    {
        var references = AssemblyReferences("EmailTriage.Core");

        Assert.DoesNotContain(references, r => r.StartsWith("EmailTriage.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => ProviderPackages.Any(p => r.StartsWith(p, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(AdapterNames))]
    public void An_adapter_references_Core_and_no_other_adapter(string adapter)
    {
        var ours = AssemblyReferences(adapter).Where(r => r.StartsWith("EmailTriage.", StringComparison.Ordinal)).ToList();

        Assert.Equal(["EmailTriage.Core"], ours);
    }

    [Theory]
    [MemberData(nameof(HostNames))]
    public void A_host_uses_no_adapter_type_but_its_registration(string host)
    {
        using var pe = Open(host);
        var metadata = pe.GetMetadataReader();
        var adapterScopes = metadata.AssemblyReferences
            .Where(h => Adapters.Contains(metadata.GetString(metadata.GetAssemblyReference(h).Name)))
            .Select(h => (EntityHandle)h)
            .ToHashSet();

        var used = metadata.TypeReferences
            .Select(metadata.GetTypeReference)
            .Where(t => adapterScopes.Contains(t.ResolutionScope))
            .Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}")
            .ToList();

        Assert.NotEmpty(used);
        Assert.All(used, type => Assert.EndsWith("ServiceCollectionExtensions", type, StringComparison.Ordinal));
    }

    private static bool Exists(string name) => File.Exists(PathOf(name));

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, $"{name}.dll");

    private static PEReader Open(string name) => new(File.OpenRead(PathOf(name)));

    private static List<string> AssemblyReferences(string name)
    {
        using var pe = Open(name);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))];
    }
}
