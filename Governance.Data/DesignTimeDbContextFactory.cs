using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Data;

/// <summary>Used by dotnet-ef to create migrations; models the same Identity schema as the app.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GovernanceDbContext>
{
    public GovernanceDbContext CreateDbContext(string[] args)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGovernanceData("Data Source=design-time.db");
        services.AddIdentityCore<Entities.AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<GovernanceDbContext>();
        var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();
    }
}
