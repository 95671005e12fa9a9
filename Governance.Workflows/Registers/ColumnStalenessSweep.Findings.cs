namespace Governance.Workflows.Registers;

public sealed partial class ColumnStalenessSweep
{
    // Replaced by the W4 FindingService call once it is on main.
    private static Task<int> OpenLapseFindingsAsync(DateTime now, CancellationToken ct) => Task.FromResult(0);
}
