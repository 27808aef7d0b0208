namespace EmailTriage.Gmail;

/// <summary>
/// The address of the account one sign-in reaches, once a profile call has told it. Shared by the mailboxes a factory
/// builds (one sign-in per process), so a Functions timer pays for the profile once, not on every tick.
/// </summary>
internal sealed class GmailAccount
{
    private string? _address;

    public string? Address
    {
        get => Volatile.Read(ref _address);
        set => Volatile.Write(ref _address, value);
    }
}
