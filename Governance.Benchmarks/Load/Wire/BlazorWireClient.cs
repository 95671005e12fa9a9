using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Benchmarks.Load.Wire;

/// <summary>
/// A clerk without a browser: signs in over HTTP (the static sign-in form, with its antiforgery token), loads a page,
/// and opens the page's Blazor circuit over SignalR with the same messages blazor.web.js sends — <c>StartCircuit</c>,
/// <c>UpdateRootComponents</c> with the prerendered components' markers, <c>OnRenderCompleted</c> for each batch,
/// <c>OnLocationChanged</c> to navigate, and <c>DispatchEventAsync</c> to click. The render batches are applied to a
/// <see cref="LogicalTree"/> so that buttons are found by their attributes and results are awaited on the page, as a
/// browser test does. JavaScript interop calls (MudBlazor's and the portal's) are answered as a browser would: null,
/// or a plausible value where .NET expects one (<see cref="Answers"/>). Used by the capacity script, where hundreds of
/// browsers would not fit on the machine beside the server. <c>GOVERNANCE_WIRE_TRACE=1</c> prints every JavaScript call.
/// </summary>
public sealed partial class BlazorWireClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>JavaScript calls the client answered, by identifier (printed by the script, to see what a page asks of the browser).</summary>
    public static ConcurrentDictionary<string, int> JsCalls { get; } = new();

    private static readonly bool Trace = Environment.GetEnvironmentVariable("GOVERNANCE_WIRE_TRACE") == "1";

    private readonly Uri _address;
    private readonly CookieContainer _cookies;
    private readonly HttpClient _http;
    private readonly LogicalTree _tree = new();
    private readonly object _lock = new();
    private readonly List<(Func<LogicalTree, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly TaskCompletionSource<long> _interop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _hub;
    private long _nextCall;
    private long _nextJsObject;

    private BlazorWireClient(Uri address)
    {
        _address = address;
        _cookies = new CookieContainer();
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, AllowAutoRedirect = true }) { BaseAddress = address, Timeout = DefaultTimeout };
        _http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
    }

    /// <summary>The signed-in session's HTTP client (the portal's cookie), for the JSON API.</summary>
    public HttpClient Http => _http;

    /// <summary>The last error the server reported for this circuit (<c>JS.Error</c>, or a failed event), if any.</summary>
    public string? Error { get; private set; }

    /// <summary>Signs in with the portal's sign-in form; throws when the portal sends the form back (wrong password, lockout).</summary>
    public static async Task<BlazorWireClient> SignInAsync(Uri address, string user, string password)
    {
        var client = new BlazorWireClient(address);
        var form = await client._http.GetStringAsync("account/login");
        var fields = HiddenInputs().Matches(form).Select(m => m.Value)
            .Select(input => (Name: NameAttribute().Match(input).Groups[1].Value, Value: WebUtility.HtmlDecode(ValueAttribute().Match(input).Groups[1].Value)))
            .Where(f => f.Name.Length > 0)
            .Append(("Input.UserName", user)).Append(("Input.Password", password))
            .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2));
        using var response = await client._http.PostAsync("account/login", new FormUrlEncodedContent(fields));
        if (response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase) != false)
            throw new InvalidOperationException($"sign-in of {user} failed ({(int)response.StatusCode})");
        return client;
    }

    /// <summary>
    /// Loads <paramref name="path"/> (prerendered), then opens its circuit and waits until <paramref name="ready"/> holds on
    /// the interactive page.
    /// </summary>
    public async Task OpenAsync(string path, Func<LogicalTree, bool> ready)
    {
        var html = await _http.GetStringAsync(path);
        var markers = Markers().Matches(html).Select(m => m.Groups[1].Value).Where(json => json.Contains("\"type\"", StringComparison.Ordinal)).ToList();
        if (markers.Count == 0) throw new InvalidOperationException($"{path}: no interactive components in the page");
        var state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(_address, "_blazor"), HttpTransportType.WebSockets, o => o.Cookies = _cookies);
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        _hub = builder.Build();
        _hub.ServerTimeout = TimeSpan.FromMinutes(2);
        _hub.On<long, byte[]>("JS.RenderBatch", OnRenderBatch);
        _hub.On<long, string, string, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJS);
        _hub.On<string, bool, string?>("JS.EndInvokeDotNet", OnEndInvokeDotNet);
        _hub.On<int, string>("JS.AttachComponent", (componentId, _) => { lock (_lock) _tree.AttachRoot(componentId); });
        _hub.On<string>("JS.Error", error => Error = error);
        _hub.On<long>("JS.EndUpdateRootComponents", _ => { });
        _hub.Closed += e =>
        {
            Error ??= "the connection closed" + (e is null ? "" : $": {e.GetType().Name}: {e.Message}");
            return Task.CompletedTask;
        };
        await _hub.StartAsync();

        var uri = new Uri(_address, path).ToString();
        var circuit = await _hub.InvokeAsync<string?>("StartCircuit", _address.ToString(), uri, "[]", state);
        if (circuit is null) throw new InvalidOperationException($"StartCircuit refused: {Error}");
        await _interop.Task.WaitAsync(DefaultTimeout);
        var operations = markers.Select((marker, i) => $"{{\"type\":\"add\",\"ssrComponentId\":{i + 1},\"marker\":{marker}}}");
        await _hub.SendAsync("UpdateRootComponents", $"{{\"batchId\":1,\"operations\":[{string.Join(',', operations)}]}}", state);
        await WaitForAsync(ready);
    }

    /// <summary>Client-side navigation inside the circuit, as a menu link or <c>Blazor.navigateTo</c> does.</summary>
    public Task NavigateAsync(string path) => _hub!.SendAsync("OnLocationChanged", new Uri(_address, path).ToString(), null, false);

    /// <summary>Clicks the first element that matches (waiting for it), through its <c>onclick</c> handler.</summary>
    public async Task ClickAsync(Func<LogicalTree.Element, bool> match)
    {
        ulong handler = 0;
        await WaitForAsync(tree => tree.Elements().FirstOrDefault(match) is { } e && e.Handlers.TryGetValue("onclick", out handler) &&
                                   !e.Attributes.ContainsKey("disabled"));
        var callId = Interlocked.Increment(ref _nextCall).ToString(CultureInfo.InvariantCulture);
        var args = $"[{{\"eventHandlerId\":{handler},\"eventName\":\"click\",\"eventFieldInfo\":null}}," +
                   "{\"type\":\"click\",\"detail\":1,\"screenX\":0,\"screenY\":0,\"clientX\":0,\"clientY\":0,\"offsetX\":0,\"offsetY\":0," +
                   "\"pageX\":0,\"pageY\":0,\"movementX\":0,\"movementY\":0,\"button\":0,\"buttons\":1,\"ctrlKey\":false,\"shiftKey\":false," +
                   "\"altKey\":false,\"metaKey\":false}]";
        // As in the browser, the click does not wait for its handler to finish (a handler that opens a dialog finishes when
        // the dialog closes); its result is awaited on the page, and a failure is reported through Error.
        await _hub!.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", _interop.Task.Result, args);
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the page (checked after every render batch).</summary>
    public async Task WaitForAsync(Func<LogicalTree, bool> condition, TimeSpan? timeout = null)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (condition(_tree)) return;
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
        }
        try
        {
            await done.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            lock (_lock) _waiters.RemoveAll(w => w.Done == done);
            throw new TimeoutException($"the page did not reach the awaited state within {(timeout ?? DefaultTimeout).TotalSeconds:F0} s" +
                                       (Error is null ? "" : $" (server: {Error})"));
        }
    }

    /// <summary>Reads the page under the client's lock.</summary>
    public T Read<T>(Func<LogicalTree, T> query)
    {
        lock (_lock) return query(_tree);
    }

    private void OnRenderBatch(long batchId, byte[] data)
    {
        string? error = null;
        lock (_lock)
        {
            try
            {
                _tree.Apply(RenderBatch.Read(data));
            }
            catch (Exception e)
            {
                error = $"{e.GetType().Name}: {e.Message}";
                Error = "render batch: " + error;
            }
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Condition(_tree)) continue;
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
        _ = _hub!.SendAsync("OnRenderCompleted", batchId, error);
    }

    /// <summary>
    /// A JavaScript call from the server. The renderer's interop object (the target of <c>DispatchEventAsync</c>) is
    /// taken from <c>attachWebRendererInterop</c>; everything else is answered "done, nothing to report": null, or a new
    /// object reference where one is expected (module imports).
    /// </summary>
    private void OnBeginInvokeJS(long asyncHandle, string identifier, string argsJson, int resultType, long targetInstanceId, int callType)
    {
        JsCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        if (Trace) Console.Error.WriteLine($"[wire] JS {identifier} handle={asyncHandle} result={resultType} call={callType} args={argsJson[..Math.Min(argsJson.Length, 200)]}");
        if (identifier == "Blazor._internal.attachWebRendererInterop")
        {
            using var doc = JsonDocument.Parse(argsJson);
            _interop.TrySetResult(doc.RootElement[1].GetProperty("__dotNetObject").GetInt64());
        }
        if (asyncHandle == 0) return;
        var result = resultType == 1 ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextJsObject)}}}" : Answers.GetValueOrDefault(identifier, "null");
        _ = _hub!.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,{result}]");
    }

    /// <summary>
    /// What a browser answers to the calls that return a value (a null where .NET expects a bool or a number would fail
    /// the component, and with it the circuit): a 1440×900 window, an element box, one popover provider, the portal's
    /// own scripts reporting success.
    /// </summary>
    private static readonly Dictionary<string, string> Answers = new()
    {
        ["window.hasOwnProperty"] = "true",
        ["mudpopoverHelper.countProviders"] = "1",
        ["mudThemeProvider.isDarkMode"] = "false",
        ["mudResizeListener.getBrowserWindowSize"] = "{\"height\":900,\"width\":1440}",
        ["mudElementRef.getBoundingClientRect"] =
            "{\"top\":0,\"left\":0,\"width\":120,\"height\":36,\"right\":120,\"bottom\":36,\"x\":0,\"y\":0,\"scrollX\":0,\"scrollY\":0,\"windowHeight\":900,\"windowWidth\":1440}",
        ["governance.renderDiagram"] = "true",
        ["governance.createEditor"] = "true",
    };

    /// <summary>A .NET call made from "JavaScript" (an event) has finished: its call id, success, and the result or error.</summary>
    private void OnEndInvokeDotNet(string callId, bool succeeded, string? resultOrError)
    {
        if (!succeeded) Error = $"event {callId} failed: {resultOrError}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null) await _hub.DisposeAsync();
        _http.Dispose();
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInputs();

    [GeneratedRegex("name=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Markers();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex State();

    /// <summary>
    /// The hub protocol Blazor's hub accepts: "blazorpack", which is SignalR's MessagePack protocol under its own name.
    /// </summary>
    private sealed class BlazorPackProtocol : IHubProtocol
    {
        private readonly MessagePackHubProtocol _inner = new();
        public string Name => "blazorpack";
        public int Version => _inner.Version;
        public TransferFormat TransferFormat => TransferFormat.Binary;
        public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);
        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);
        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }
}
