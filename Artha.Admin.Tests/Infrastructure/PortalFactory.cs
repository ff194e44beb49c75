using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Artha.Admin.Tests.Infrastructure;

/// <summary>
/// Hosts the whole portal (embedded sandbox included) on a private SQLite file. One instance is shared by
/// every test in a class through IClassFixture, so the host starts once per class.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    /// <summary>The portal's data folder; set it to start a portal on an existing one (a "restart" on the same database).</summary>
    public string DataFolder { get; init; } = Path.Combine(Path.GetTempPath(), "artha-admin-tests", Guid.NewGuid().ToString("N"));

    /// <summary>True to leave the data folder on dispose, for a later portal on the same database.</summary>
    public bool KeepDataFolder { get; init; }

    /// <summary>Extra configuration for a derived fixture (e.g. PostgreSQL).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:DataFolder", DataFolder);
        // Tests settle lost top-up answers themselves (TopUpReconciler.RunOnceAsync), never on a background timer.
        builder.UseSetting("TopUps:Reconciler:Enabled", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client with its own cookie jar that does not follow redirects, so tests can see them.</summary>
    public HttpClient CreateBrowserlessClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real login form (antiforgery token included) and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = CreateBrowserlessClient();
        var form = await client.GetStringAsync("/Account/Login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: HTTP {(int)response.StatusCode}.");
        }
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (KeepDataFolder)
        {
            return;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
