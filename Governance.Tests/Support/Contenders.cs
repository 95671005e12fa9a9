using System.Diagnostics;

namespace Governance.Tests.Support;

/// <summary>
/// Contenders for a race test: each on a thread of its own (never queued behind the pool's busy threads), all parked at
/// one gate until every one has arrived, then released together, and started once all are awake again. Reports whether two of them were inside the body at
/// once, so a test can prove its contenders overlapped instead of assuming it.
/// </summary>
public static class Contenders
{
    public static async Task<(T[] Results, bool Overlapped)> RunTogetherAsync<T>(int count, Func<int, Task<T>> body)
    {
        var spans = new (long Start, long End)[count];
        var clock = Stopwatch.StartNew();
        using var gate = new ManualResetEventSlim();
        using var ready = new CountdownEvent(count);
        var running = 0;
        var tasks = Enumerable.Range(0, count).Select(i => Task.Factory.StartNew(async () =>
        {
            ready.Signal();
            gate.Wait();
            // Woken threads come back one by one on a busy machine: each waits (spinning, at most 2 s) until every one is
            // awake, so that the bodies start together rather than in turn.
            Interlocked.Increment(ref running);
            var spin = new SpinWait();
            var awake = Stopwatch.StartNew();
            while (Volatile.Read(ref running) < count && awake.ElapsedMilliseconds < 2000) spin.SpinOnce();
            var start = clock.ElapsedTicks;
            var result = await body(i);
            spans[i] = (start, clock.ElapsedTicks);
            return result;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToList();
        ready.Wait();
        gate.Set();
        var results = await Task.WhenAll(tasks);
        var overlapped = Enumerable.Range(0, count).Any(i => Enumerable.Range(0, count)
            .Any(j => i != j && spans[j].Start < spans[i].End && spans[i].Start < spans[j].End));
        return (results, overlapped);
    }
}
