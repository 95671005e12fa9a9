namespace Governance.Workflows.PreCheck;

/// <summary>Placeholder until the Admin-managed dictionary lands: the seeded defaults.</summary>
public sealed class PreCheckRulesProvider
{
    public Task<PreCheckRuleSet> GetAsync(CancellationToken ct = default) => Task.FromResult(PreCheckRuleSet.Default);
}
