using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure;

internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!StorageAccount.TryParse(options.Account, out _, out var problem))
        {
            failures.Add(problem);
        }

        if (!ContainerName().IsMatch(options.StateContainer ?? ""))
        {
            failures.Add(
                $"{StorageOptions.StateContainerSettingName} '{options.StateContainer}' is not a blob container name: 3 to 63 lowercase letters, " +
                $"digits and single hyphens, starting with a letter or digit. Remove the setting to use {StorageOptions.DefaultStateContainer}.");
        }

        if (options.LeaseSeconds is < 15 or > 60)
        {
            failures.Add($"EMAILTRIAGE_LEASE_SECONDS must be between 15 and 60 (Azure's blob lease limits; was {options.LeaseSeconds}). Remove it to use 60.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Azure's rule for container names.
    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9](?:-?[a-z0-9])*$")]
    private static partial Regex ContainerName();
}
