using EmailTriage.Infrastructure.Tests.Support;

[assembly: AssemblyFixture(typeof(CompiledTemplate))]
