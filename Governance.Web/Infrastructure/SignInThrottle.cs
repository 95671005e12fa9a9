using System.Net;

namespace Governance.Web;

/// <summary>Limits for <see cref="SignInThrottle"/> (section <c>Security:SignInThrottle</c>).</summary>
public sealed class SignInThrottleOptions
{
    /// <summary>Failed sign-ins allowed from one address within <see cref="Window"/>.</summary>
    public int MaxFailures { get; set; } = 20;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Per-address sliding window of failed sign-ins, so that one source cannot try passwords for (and lock) every account:
/// the per-account lockout (5 failures, 15 minutes) alone lets one machine lock everybody out. In memory (one process;
/// the multi-node mode would keep it in the shared store), times from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class SignInThrottle(TimeProvider time, Microsoft.Extensions.Options.IOptions<SignInThrottleOptions> options)
{
    private const int MaxTrackedAddresses = 10_000;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SignInThrottleOptions Options => options.Value;

    public static string KeyOf(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    /// <summary>True when the address has used up its failures in the current window.</summary>
    public bool IsThrottled(IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return _failures.TryGetValue(KeyOf(address), out var q) && Prune(q, now) >= Options.MaxFailures;
        }
    }

    public void RecordFailure(IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var key = KeyOf(address);
            if (!_failures.TryGetValue(key, out var q))
            {
                if (_failures.Count >= MaxTrackedAddresses) PruneAll(now);
                _failures[key] = q = new Queue<DateTimeOffset>();
            }
            Prune(q, now);
            q.Enqueue(now);
        }
    }

    private int Prune(Queue<DateTimeOffset> q, DateTimeOffset now)
    {
        while (q.Count > 0 && now - q.Peek() >= Options.Window) q.Dequeue();
        return q.Count;
    }

    private void PruneAll(DateTimeOffset now)
    {
        foreach (var (key, q) in _failures.ToList())
            if (Prune(q, now) == 0) _failures.Remove(key);
        // Still full (many addresses failing at once): forget the oldest half rather than grow without bound.
        if (_failures.Count >= MaxTrackedAddresses)
            foreach (var key in _failures.OrderBy(kv => kv.Value.Peek()).Take(_failures.Count / 2).Select(kv => kv.Key).ToList())
                _failures.Remove(key);
    }
}
