namespace EmailTriage.Azure.Tests.Support;

internal static class Streams
{
    public static async Task<byte[]?> ReadAllAsync(this Task<Stream?> opening)
    {
        await using var stream = await opening;
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }
}
