using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using W3 = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow;
using W2 = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow;

namespace Governance.Tests.Workflows.Engine;

/// <summary>
/// What a change tells the open pages (<see cref="InstanceChange"/>): the units that may see the item before or after it —
/// owner, handling unit, participants — so a unit's lists reload for their own items and not for every bureau's. A
/// hand-over concerns the unit it leaves and the one it reaches; a unit that never saw the item is not told.
/// </summary>
public sealed class ChangeReachTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;
    private readonly List<InstanceChange> _changes = [];

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync();
        _host.Get<ChangeFeed>().InstanceChanged += c =>
        {
            lock (_changes) _changes.Add(c);
        };
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The names of the units the last change of <paramref name="id"/> concerns (in-process: published before the call returned).</summary>
    private async Task<string[]> LastReachAsync(long id)
    {
        InstanceChange last;
        lock (_changes) last = _changes.Last(c => c.InstanceId == id);
        Assert.NotNull(last.Units);
        var names = new List<string>();
        foreach (var name in Units)
            if (last.Units!.Contains(await _host.UnitIdAsync(name))) names.Add(name);
        Assert.Equal(last.Units!.Count, names.Count); // no unit outside the ones this test names
        return [.. names];
    }

    private static readonly string[] Units = ["县数字化信息服务中心", "县教育局", "县财政局", "县行政审批服务局"];

    [Fact]
    public async Task CitizenMessage_HandOver_ConcernsTheUnitItLeavesAndTheOneItReaches_NotAnother()
    {
        var (id, v) = await _host.ReceiveMessageAsync();
        // Received: only the dispatching centre (its owner) sees it.
        Assert.Equal(["县数字化信息服务中心"], await LastReachAsync(id));

        v = await _host.AssignAsync(id, v, "县财政局");
        Assert.Equal(["县数字化信息服务中心", "县财政局"], await LastReachAsync(id));

        // Returned by 县财政局: it leaves that bureau's lists, so 县财政局 hears of it.
        v = await _host.MustFireAsync(id, v, W3.T.Return, "editor2", "不属于本单位职责，应由教育局答复");
        Assert.Equal(["县数字化信息服务中心", "县财政局"], await LastReachAsync(id));

        // Reassigned to 县教育局: the centre and 县教育局; 县财政局 no longer sees it.
        v = await _host.AssignAsync(id, v, "县教育局");
        Assert.Equal(["县数字化信息服务中心", "县教育局"], await LastReachAsync(id));

        await _host.MustFireAsync(id, v, W3.T.Accept, "editor");
        Assert.Equal(["县数字化信息服务中心", "县教育局"], await LastReachAsync(id));
    }

    [Fact]
    public async Task Content_ConcernedUnits_AreReached_AndAnEditThatDropsOne_TellsItOnce()
    {
        var editor = await _host.ActorAsync("editor");
        var form = new ContentForm
        {
            ColumnId = await _host.ColumnIdAsync(), Title = "县教育局与县财政局联合发放助学金", BodyHtml = "<p>助学金发放通知。</p>",
            ConcernedUnitIds = [await _host.UnitIdAsync("县财政局")],
        };
        var created = await _host.Contents().CreateAsync(editor, form);
        var id = created.InstanceId!.Value;
        // Created: the owner and the concerned unit, whose 工作台 will owe a confirmation.
        Assert.Equal(["县教育局", "县财政局"], await LastReachAsync(id));

        // The draft now concerns 县行政审批服务局 instead: 县财政局 loses the row, 县行政审批服务局 gains it — both are told.
        form.ConcernedUnitIds = [await _host.UnitIdAsync("县行政审批服务局")];
        var edited = await _host.Contents().UpdateAsync(id, 1, editor, form);
        Assert.Equal(FireStatus.Applied, edited.Status);
        Assert.Equal(["县教育局", "县财政局", "县行政审批服务局"], await LastReachAsync(id));

        // From then on 县财政局 is not concerned.
        await _host.MustFireAsync(id, edited.NewVersion!.Value, W2.T.Submit, "editor");
        Assert.Equal(["县教育局", "县行政审批服务局"], await LastReachAsync(id));
    }

    [Fact]
    public void Payload_RoundTrips_AndAnUnknownReachConcernsEveryUnit()
    {
        var scoped = InstanceChange.Parse("42|7,3")!;
        Assert.Equal(42, scoped.InstanceId);
        Assert.True(scoped.Concerns(3));
        Assert.True(scoped.Concerns(7));
        Assert.False(scoped.Concerns(5));
        Assert.Equal("42|3,7", scoped.ToPayload());

        var none = InstanceChange.Parse("42|")!;
        Assert.False(none.Concerns(3)); // an item no unit sees (county roles only)
        Assert.Equal("42|", none.ToPayload());

        var unknown = InstanceChange.Parse("42")!;
        Assert.Null(unknown.Units);
        Assert.True(unknown.Concerns(5));

        // A resync or a garbled payload is no change; a garbled unit list is a change of unknown reach.
        Assert.Null(InstanceChange.Parse("*"));
        Assert.Null(InstanceChange.Parse("x|3"));
        Assert.Null(InstanceChange.Parse("42|3,x")!.Units);
    }
}
