using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;

namespace Governance.Tests.Workflows.Engine;

public sealed class WorkflowDiagramTests
{
    private static readonly WorkflowDefinition Def = ColumnRequestWorkflow.Definition;

    private static string[] Lines(string mermaid) => mermaid.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();

    [Fact]
    public void ToMermaid_W1WithCurrentState_HasEveryStateTransitionAndHighlight()
    {
        var lines = Lines(WorkflowDiagram.ToMermaid(Def, "UnitReview"));

        Assert.Equal("stateDiagram-v2", lines[0]);
        foreach (var (name, display) in new[]
                 {
                     ("Draft", "草稿"), ("UnitReview", "单位审核"), ("BureauReview", "审批"), ("Setup", "开通"), ("Active", "运行"),
                     ("Expiring", "到期待处理"), ("ChangeReview", "调整/关停申请"), ("Returned", "退回修改"), ("Withdrawn", "已撤回"), ("Rejected", "已驳回"),
                     ("Archived", "已归档"),
                 })
            Assert.Contains($"state \"{display}\" as {name}", lines);
        Assert.Contains("[*] --> Draft", lines);
        var expectedTransitions = Def.Triggers.SelectMany(t => t.From.Select(f => $"{f} --> {t.To} : {t.DisplayName}")).ToList();
        // v2: the 16 of v1, plus 到期提醒, 申请延期 and 申请关停.
        Assert.Equal(19, expectedTransitions.Count);
        foreach (var t in expectedTransitions) Assert.Contains(t, lines);
        // Nothing more than the definition's transitions.
        Assert.Equal(expectedTransitions.Count, lines.Count(l => l.Contains(" --> ") && l.Contains(" : ")));
        foreach (var final in new[] { "Withdrawn", "Rejected", "Archived" }) Assert.Contains($"{final} --> [*]", lines);
        Assert.Equal(3, lines.Count(l => l.EndsWith("--> [*]", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("classDef current ", StringComparison.Ordinal));
        Assert.Contains("class UnitReview current", lines);
        Assert.Single(lines, l => l.StartsWith("class ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("NoSuchState")]
    public void ToMermaid_NoOrUnknownCurrentState_HasNoHighlight(string? current)
    {
        var text = WorkflowDiagram.ToMermaid(Def, current);
        Assert.DoesNotContain("classDef", text);
        Assert.DoesNotContain("class ", text.Replace("classDef", "", StringComparison.Ordinal));
        Assert.Contains("Draft --> UnitReview : 提交", text);
    }

    [Fact]
    public void ToMermaid_LabelsWithColonsOrQuotes_AreEscaped()
    {
        var def = new WorkflowBuilder("X", 1, "x", "X", "/x/{0}")
            .State("A", "甲:\"一\"", "Editor", initial: true).State("B", "乙", final: true)
            .Trigger("Go", "前进:快").From("A").To("B").By("Editor", UnitScope.OwnerUnit).End().Build();
        var lines = Lines(WorkflowDiagram.ToMermaid(def));
        Assert.Contains("state \"甲：'一'\" as A", lines);
        Assert.Contains("A --> B : 前进：快", lines);
    }
}
