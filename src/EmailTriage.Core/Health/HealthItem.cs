namespace EmailTriage.Health;

/// <summary>One line of a health report: what was checked, whether it works, and what it says (with the fix when not). Never a secret.</summary>
public sealed record HealthItem(string Name, HealthStatus Status, string Detail);

public enum HealthStatus
{
    Ok,

    /// <summary>Works, but something deserves attention.</summary>
    Warning,

    /// <summary>A setting or file is wrong: the fix is in the detail.</summary>
    BadConfiguration,

    /// <summary>A service cannot be reached or refuses us.</summary>
    Unavailable,
}
