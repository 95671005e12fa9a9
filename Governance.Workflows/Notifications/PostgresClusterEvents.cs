using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Governance.Workflows.Notifications;

/// <summary>
/// <see cref="IClusterEvents"/> across nodes through the PostgreSQL database they share: LISTEN/NOTIFY on one channel,
/// no other server. Publishing calls this node's handlers at once and queues a NOTIFY (sent in order by one loop); one
/// dedicated connection per node LISTENs and hands the other nodes' events to the handlers. When that connection drops
/// it reconnects, and every handler gets <see cref="IClusterEvents.ResyncPayload"/> (caches drop what they hold).
/// </summary>
public sealed class PostgresClusterEvents : InProcessClusterEvents, IHostedService, IAsyncDisposable
{
    public const string Channel = "governance_events";

    /// <summary>NOTIFY payloads are limited to 8000 bytes; longer lists are sent in several.</summary>
    internal const int MaxPayload = 7000;

    private readonly string _listenConnection;
    private readonly NpgsqlDataSource _send;
    private readonly ILogger<PostgresClusterEvents> _logger;
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<string> _outbox = System.Threading.Channels.Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listenLoop;
    private Task? _sendLoop;

    public PostgresClusterEvents(string connectionString, ILogger<PostgresClusterEvents> logger)
    {
        _logger = logger;
        // Keepalives, so that a connection the network silently dropped is noticed and replaced.
        _listenConnection = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 15, Pooling = false }.ToString();
        _send = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2 }.ToString());
    }

    /// <summary>Completes once this node listens (the first time).</summary>
    public Task Listening => _listening.Task;

    public override void Publish(string topic, string payload)
    {
        Deliver(topic, payload);
        _outbox.Writer.TryWrite($"{_node}|{topic}|{payload}");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listenLoop = Task.Run(ListenLoopAsync, CancellationToken.None);
        _sendLoop = Task.Run(SendLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _outbox.Writer.TryComplete();
        await _stop.CancelAsync();
        foreach (var loop in new[] { _listenLoop, _sendLoop })
        {
            if (loop is null) continue;
            try { await loop.WaitAsync(cancellationToken); } catch (OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _send.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ListenLoopAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(_listenConnection);
                await conn.OpenAsync(ct);
                conn.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn)) await listen.ExecuteNonQueryAsync(ct);
                // Whatever was published before this connection listened is unknown here: drop the caches.
                DeliverResync();
                _listening.TrySetResult();
                while (true) await conn.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "Lost the PostgreSQL LISTEN connection for live updates; reconnecting");
                try { await Task.Delay(TimeSpan.FromSeconds(2), ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var parts = e.Payload.Split('|', 3);
        if (parts.Length != 3 || parts[0] == _node) return; // this node's own: delivered when published
        try
        {
            Deliver(parts[1], parts[2]);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A live-update handler failed for {Topic}", parts[1]);
        }
    }

    private async Task SendLoopAsync()
    {
        var ct = _stop.Token;
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(ct))
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await using var cmd = _send.CreateCommand("SELECT pg_notify($1, $2)");
                        cmd.Parameters.Add(new NpgsqlParameter { Value = Channel });
                        cmd.Parameters.Add(new NpgsqlParameter { Value = message });
                        await cmd.ExecuteNonQueryAsync(ct);
                        break;
                    }
                    catch (NpgsqlException ex) when (attempt < 3)
                    {
                        _logger.LogWarning(ex, "NOTIFY failed, retrying");
                        await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), ct);
                    }
                    catch (NpgsqlException ex)
                    {
                        _logger.LogError(ex, "NOTIFY failed: other nodes miss {Message}", message);
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Ids joined by commas in payloads of at most <see cref="MaxPayload"/> characters.</summary>
    public static IEnumerable<string> Chunk(IEnumerable<string> ids)
    {
        var current = new System.Text.StringBuilder();
        foreach (var id in ids)
        {
            if (current.Length > 0 && current.Length + 1 + id.Length > MaxPayload)
            {
                yield return current.ToString();
                current.Clear();
            }
            if (current.Length > 0) current.Append(',');
            current.Append(id);
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
