namespace Governance.Web;

/// <summary>
/// Endpoints a workflow's feature folder adds (e.g. an intake API): each implementation in this assembly is mapped at
/// start, so the composition names no workflow.
/// </summary>
public interface IFeatureEndpoints
{
    void Map(IEndpointRouteBuilder app);
}

internal static class FeatureEndpoints
{
    public static void MapAll(IEndpointRouteBuilder app)
    {
        foreach (var type in typeof(FeatureEndpoints).Assembly.GetTypes()
                     .Where(t => typeof(IFeatureEndpoints).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
            ((IFeatureEndpoints)Activator.CreateInstance(type)!).Map(app);
    }
}
