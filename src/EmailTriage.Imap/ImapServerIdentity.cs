using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EmailTriage.Imap;

/// <summary>
/// What IMAP server IMAP_HOST names, however it is spelled, for the mailbox's identity (its lock and its state). This
/// machine is "localhost" (localhost, 127.0.0.1, ::1); a server in your own network (private, link-local or unique-local
/// addresses) is its address, since it has many names (nas, nas.home, its address); a server on the internet is its
/// name, lower case, without a final dot: a provider's name rotates through many addresses, so two runs (or two days)
/// may resolve it differently, and keying it by an address would move its state and let two runs take two locks.
/// </summary>
internal static class ImapServerIdentity
{
    public const string ThisMachine = "localhost";

    public static Task<string> OfAsync(string host, CancellationToken cancellationToken) =>
        OfAsync(host, Dns.GetHostAddressesAsync, cancellationToken);

    public static async Task<string> OfAsync(string host, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(resolve);
        var name = host.Trim().TrimEnd('.');
        if (IPAddress.TryParse(name.Trim('[', ']'), out var literal))
        {
            return Of([literal]) ?? Format(literal);
        }

        name = Ascii(name);
        if (string.Equals(name, ThisMachine, StringComparison.OrdinalIgnoreCase))
        {
            return ThisMachine;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolve(name, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            // The run's connection will say what is wrong with the name; the identity is the name meanwhile.
            return name;
        }

        return Of(addresses) ?? name;
    }

    /// <summary>"localhost" or the smallest address for a machine of your own (IPv4 first), else null: keep the name.</summary>
    private static string? Of(IReadOnlyCollection<IPAddress> addresses)
    {
        var all = addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        if (all.All(IPAddress.IsLoopback))
        {
            return ThisMachine;
        }

        return all.All(IsOwnNetwork)
            ? Format(all.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).ThenBy(a => a.GetAddressBytes(), ByteOrder.Instance).First())
            : null;
    }

    private static bool IsOwnNetwork(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => address.GetAddressBytes() switch
        {
            [127, ..] or [10, ..] or [192, 168, ..] or [169, 254, ..] => true,
            [172, var b, ..] => b is >= 16 and <= 31,

            // Shared address space (RFC 6598): carrier-grade NAT, and the addresses of overlay networks such as Tailscale.
            [100, var b, ..] => b is >= 64 and <= 127,
            _ => false,
        },
        AddressFamily.InterNetworkV6 => IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal,
        _ => false,
    };

    private static string Format(IPAddress address) =>
        IPAddress.IsLoopback(address) ? ThisMachine : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString().ToLowerInvariant();

    private static string Ascii(string name)
    {
        try
        {
            return new IdnMapping().GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return name.ToLowerInvariant();
        }
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => (x ?? []).AsSpan().SequenceCompareTo(y ?? []);
    }
}
