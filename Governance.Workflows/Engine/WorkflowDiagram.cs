using System.Text;
using Stateless.Reflection;

namespace Governance.Workflows.Engine;

/// <summary>
/// Draws a definition as a Mermaid state diagram from the Stateless machine's own reflection (so the picture is the
/// machine that runs), with Chinese labels and the instance's current state highlighted.
/// </summary>
public static class WorkflowDiagram
{
    public static string ToMermaid(WorkflowDefinition def, string? currentState = null)
    {
        var state = def.InitialState;
        var info = WorkflowRuntime.BuildMachine(def, () => state, s => state = s).GetInfo();
        var sb = new StringBuilder("stateDiagram-v2\n");
        foreach (var s in def.States) sb.Append("    state \"").Append(Escape(s.DisplayName)).Append("\" as ").Append(s.Name).Append('\n');
        sb.Append("    [*] --> ").Append(def.InitialState).Append('\n');
        // Actions that record something and stay (催办, 申请延期 …) are one loop per state, their names joined: several
        // loops on one state would draw on top of each other.
        var stays = new Dictionary<string, List<string>>();
        foreach (var s in info.States)
        {
            var from = (string)s.UnderlyingState;
            foreach (var tr in s.FixedTransitions)
            {
                var trigger = (string)tr.Trigger.UnderlyingTrigger;
                if (tr.IsInternalTransition)
                {
                    if (!stays.TryGetValue(from, out var names)) stays[from] = names = [];
                    names.Add(def.TriggerDisplayName(trigger));
                    continue;
                }
                sb.Append("    ").Append(from).Append(" --> ").Append((string)tr.DestinationState.UnderlyingState)
                    .Append(" : ").Append(Escape(def.TriggerDisplayName(trigger))).Append('\n');
            }
        }
        foreach (var (stayState, names) in stays)
            sb.Append("    ").Append(stayState).Append(" --> ").Append(stayState).Append(" : ").Append(Escape(string.Join("、", names))).Append('\n');
        foreach (var s in def.States.Where(s => s.IsFinal)) sb.Append("    ").Append(s.Name).Append(" --> [*]\n");
        if (currentState is not null && def.States.Any(s => s.Name == currentState))
        {
            sb.Append("    classDef current fill:#1565c0,color:#fff,stroke:#0d47a1,stroke-width:3px\n");
            sb.Append("    class ").Append(currentState).Append(" current\n");
        }
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\"", "'", StringComparison.Ordinal).Replace(":", "：", StringComparison.Ordinal);
}
