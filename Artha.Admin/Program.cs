using Artha.Admin.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddArthaAdmin();

var app = builder.Build();
await app.UseArthaAdminAsync();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the portal.</summary>
public partial class Program;
