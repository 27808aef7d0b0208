using EmailTriage.Mailboxes;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

internal sealed class FunctionsOptionsValidator(MailboxKinds kinds) : IValidateOptions<FunctionsOptions>
{
    public ValidateOptionsResult Validate(string? name, FunctionsOptions options)
    {
        var failures = new List<string>();
        // A kind with flat settings of its own; a folder path means nothing on an instance that comes and goes.
        if (kinds.Find(options.Mailbox) is not { } kind || kind.Name == "folder")
        {
            failures.Add($"MAILBOX '{options.Mailbox}' is not a kind of mailbox this app has. Use one of: {string.Join(", ", kinds.All.Where(k => k.Name != "folder").Select(k => k.Name))}, or remove the setting to triage Gmail.");
        }

        // host.json's functionTimeout is 10 minutes; labels must be applied after the last message is taken.
        if (options.RunBudgetSeconds is < 10 or > 480)
        {
            failures.Add($"TRIAGE_RUN_BUDGET_SECONDS must be between 10 and 480 (was {options.RunBudgetSeconds}); the host stops a run after 600 s.");
        }

        if (options.HttpBudgetSeconds is < 5 or > 200)
        {
            failures.Add($"TRIAGE_HTTP_BUDGET_SECONDS must be between 5 and 200 (was {options.HttpBudgetSeconds}); Azure drops HTTP requests after about 230 s.");
        }

        if (options.HttpDefaultMax is < 1 or > TriageParameters.MaxLimit)
        {
            failures.Add($"TRIAGE_HTTP_MAX must be between 1 and {TriageParameters.MaxLimit} (was {options.HttpDefaultMax}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
