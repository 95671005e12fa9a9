using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>
/// What 县政府办公室 issues from the measured data (第20条(一)(二)): the quarterly circular, the annual assessment and the
/// quarterly inspection reminder. They read W3, W4, the register and the measures; they add no workflow of their own.
/// </summary>
public static class AccountabilityReports
{
    public static IServiceCollection AddAccountabilityReports(this IServiceCollection services)
    {
        services.AddSingleton<CircularService>();
        services.AddSingleton<AnnualAssessment>();
        return services;
    }
}
