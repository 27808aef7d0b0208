[assembly: AssemblyFixture(typeof(EmailTriage.Azure.Tests.Support.Azurite))]
