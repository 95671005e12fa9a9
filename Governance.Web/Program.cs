using Governance.Web;

var builder = WebApplication.CreateBuilder(WebSetup.HostArguments(args));
builder.AddGovernanceWeb();

var app = builder.Build();
// Operations verbs on the same executable: `-- migrate`, `-- create-admin <username>`, `-- seed-demo`.
if (await app.RunVerbAsync(args) is { } exitCode) return exitCode;

await app.PrepareDatabaseAsync();
app.UseGovernanceWeb();
await app.RunAsync();
return 0;

public partial class Program;
