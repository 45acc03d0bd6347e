using System.Collections.Concurrent;

namespace MerchantConsole.Hosting;

/// <summary>
/// Keys read once from their stored text and kept for the calls that follow: importing an RSA key costs more than
/// using it (a private key's primes are checked, a public key goes through OpenSSL's decoders), and the signing and
/// verifying paths would otherwise pay it on every call (docs/decisions/009).
/// <list type="bullet">
/// <item>Keyed by the stored text itself: a new or removed key is a different entry (or none), so nothing needs clearing,
/// and an entry another instance replaced is simply never asked for again.</item>
/// <item>An entry unused for <c>idleLifetime</c> is let go at a later read (swept at most once a minute), and never more
/// than <c>maximumKept</c> are held (the least recently used go first).</item>
/// <item>A kept key is shared by concurrent callers, who never dispose it. One that goes is not disposed either, since a
/// caller may still be using it: the garbage collector frees it (its <c>SafeHandle</c> frees OpenSSL's copy).</item>
/// <item>Text that does not read (<c>read</c> answers null) is kept nowhere.</item>
/// </list>
/// </summary>
public sealed class KeptKeys<T>(TimeProvider clock, TimeSpan idleLifetime, int maximumKept)
    where T : class
{
    private readonly ConcurrentDictionary<string, Entry> kept = new(StringComparer.Ordinal);
    private long lastSweep;

    /// <summary>How many keys are held now.</summary>
    public int Count => kept.Count;

    /// <summary>The key read from <paramref name="stored"/>: the kept one, or <paramref name="read"/>'s answer, kept when not null.</summary>
    public T? Get(string stored, Func<string, T?> read)
    {
        var now = clock.GetTimestamp();
        if (!kept.TryGetValue(stored, out var entry))
        {
            if (read(stored) is not { } key)
            {
                return null;
            }

            entry = kept.GetOrAdd(stored, new Entry(key, now));
            Sweep(now);
        }

        Volatile.Write(ref entry.LastUsed, now);
        return entry.Key;
    }

    /// <summary>Lets go of keys idle past the lifetime, at most once a minute, and of the oldest beyond the maximum.</summary>
    private void Sweep(long now)
    {
        var last = Interlocked.Read(ref lastSweep);
        if ((clock.GetElapsedTime(last, now) < TimeSpan.FromMinutes(1) && kept.Count <= maximumKept)
            || Interlocked.CompareExchange(ref lastSweep, now, last) != last)
        {
            return;
        }

        var byUse = kept.ToArray();
        Array.Sort(byUse, (a, b) => Volatile.Read(ref b.Value.LastUsed).CompareTo(Volatile.Read(ref a.Value.LastUsed)));
        for (var i = 0; i < byUse.Length; i++)
        {
            if (i >= maximumKept || clock.GetElapsedTime(Volatile.Read(ref byUse[i].Value.LastUsed), now) > idleLifetime)
            {
                kept.TryRemove(byUse[i]);
            }
        }
    }

    private sealed class Entry(T key, long loadedAt)
    {
        public readonly T Key = key;
        public long LastUsed = loadedAt;
    }
}
