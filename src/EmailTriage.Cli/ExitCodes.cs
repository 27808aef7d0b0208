namespace EmailTriage.Cli;

internal static class ExitCodes
{
    public const int Done = 0;
    public const int Usage = 1;
    public const int BadConfiguration = 2;
    public const int ServiceUnavailable = 3;
    public const int SomeMessagesFailed = 4;
}
