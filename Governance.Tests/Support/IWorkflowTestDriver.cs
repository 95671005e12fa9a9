using Governance.Data;

namespace Governance.Tests.Support;

/// <summary>What a workflow's test driver tells the generic host: its key and a snapshot of its own business row.</summary>
public interface IWorkflowTestDriver
{
    string DefinitionKey { get; }

    /// <summary>The workflow's own row as text, for before/after comparisons of refused actions.</summary>
    Task<string> SnapshotAsync(GovernanceDbContext db, long instanceId);
}
