using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Artha.Admin.Data;
using Artha.Admin.Hosting;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Artha.Admin.Tests.Data;

/// <summary>Two portal instances on one PostgreSQL database share one key ring: payloads and sign-ins cross between them.</summary>
public class SharedKeyRingTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    /// <summary>The KYC draft purpose (KycSubmissionMemory), so the payload is the kind the portal really stores.</summary>
    private const string DraftPurpose = "Artha.Admin.KycSubmissionDraft.v1";

    private sealed class Instance(string connectionString) : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Database:Provider", "Postgres"),
            new("Database:ConnectionString", connectionString),
        ];
    }

    [Fact]
    public async Task Two_instances_on_one_database_unprotect_each_others_payloads_and_accept_each_others_sign_in()
    {
        var connectionString = server.ConnectionStringFor("keyring_" + Guid.NewGuid().ToString("N")[..10]);
        await using var a = new Instance(connectionString);
        await using var b = new Instance(connectionString);
        var protectorA = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(DraftPurpose);
        var fromA = protectorA.Protect("{\"firstName\":\"Ada\"}");
        var protectorB = b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(DraftPurpose);

        Assert.Equal("{\"firstName\":\"Ada\"}", protectorB.Unprotect(fromA));
        Assert.Equal("{\"lastName\":\"Lovelace\"}", protectorA.Unprotect(protectorB.Protect("{\"lastName\":\"Lovelace\"}")));
        // The folders are per instance and hold nothing: the ring is in the database.
        Assert.False(Directory.Exists(Path.Combine(a.DataFolder, "keys")) && Directory.EnumerateFiles(Path.Combine(a.DataFolder, "keys")).Any());
        await using (var scope = a.Services.CreateAsyncScope())
        {
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<AdminDbContext>().DataProtectionKeys.ToListAsync());
        }
        // A ring of its own (another database) cannot read it: the test above is not passing by accident.
        var stranger = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(a.DataFolder, "stranger-keys")), o => o.SetApplicationName(SharedKeyRing.ApplicationName));
        Assert.ThrowsAny<CryptographicException>(() => stranger.CreateProtector(DraftPurpose).Unprotect(fromA));

        var admin = DefaultUsersSeeder.DevelopmentUsers.First(u => u.Role == PortalRoles.Admin);
        var cookie = await SignInCookieAsync(a, admin.Email, admin.Password);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(a, "/users", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(b, "/users", cookie)).StatusCode);
        // Without the cookie B sends the visitor to the sign-in page.
        Assert.Equal(HttpStatusCode.Redirect, (await GetWithCookieAsync(b, "/users", "")).StatusCode);
    }

    /// <summary>Signs in through A's login form with hand-kept cookies and returns the auth cookie(s) as a Cookie header.</summary>
    private static async Task<string> SignInCookieAsync(PortalFactory portal, string email, string password)
    {
        using var client = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/Account/Login");
        var antiforgery = CookiesOf(form);
        var token = Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = "login",
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var auth = string.Join("; ", CookiesOf(response).Split("; ").Where(c => c.StartsWith("ArthaAdmin.Auth", StringComparison.Ordinal)));
        Assert.NotEmpty(auth);
        return auth;
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    private static async Task<HttpResponseMessage> GetWithCookieAsync(PortalFactory portal, string path, string cookie)
    {
        using var client = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie.Length > 0)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return await client.SendAsync(request);
    }
}

/// <summary>The key folder of earlier versions moves into the database once, encrypted with the configured certificate.</summary>
public class KeyFolderImportTests : IDisposable
{
    private const string DraftPurpose = "Artha.Admin.KycSubmissionDraft.v1";
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "artha-admin-tests", "keyimport-" + Guid.NewGuid().ToString("N"));

    private sealed class Instance(string certificatePath) : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("DataProtection:CertificatePath", certificatePath),
            new("DataProtection:CertificatePassword", "test-only-password"),
        ];
    }

    private string CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Artha Admin key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_dataFolder, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "test-only-password"));
        return path;
    }

    [Fact]
    public async Task Folder_keys_are_imported_once_encrypted_at_rest_and_old_payloads_stay_readable()
    {
        var keyFolder = Path.Combine(_dataFolder, "keys");
        Directory.CreateDirectory(keyFolder);
        // Today's configuration (before this change): keys in <DataFolder>/keys, application name Artha.Admin.
        string payload;
        using (var legacy = new ServiceCollection().AddDataProtection().SetApplicationName(SharedKeyRing.ApplicationName)
                   .PersistKeysToFileSystem(new DirectoryInfo(keyFolder)).Services.BuildServiceProvider())
        {
            payload = legacy.GetRequiredService<IDataProtectionProvider>().CreateProtector(DraftPurpose).Protect("{\"documentNumber\":\"X1234567\"}");
        }
        var keyFile = Assert.Single(Directory.GetFiles(keyFolder, "*.xml"));
        var secret = XElement.Load(keyFile).Descendants("value").Single().Value;
        var certificate = CreateCertificate();

        int keysAfterFirstStart;
        await using (var first = new Instance(certificate) { DataFolder = _dataFolder, KeepDataFolder = true })
        {
            Assert.Equal("{\"documentNumber\":\"X1234567\"}", first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(DraftPurpose).Unprotect(payload));
            await using var scope = first.Services.CreateAsyncScope();
            var keys = await scope.ServiceProvider.GetRequiredService<AdminDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync();
            var imported = Assert.Single(keys, k => k.FriendlyName == Path.GetFileNameWithoutExtension(keyFile));
            Assert.Contains("EncryptedData", imported.Xml);
            Assert.DoesNotContain(secret, imported.Xml);
            Assert.All(keys, k => Assert.DoesNotContain("<value>", k.Xml!));
            Assert.Equal(0, await first.Services.PrepareSharedKeyRingAsync());
            keysAfterFirstStart = keys.Count;
        }

        // A restart on the same database and folder imports nothing again and still reads the old payload.
        await using var second = new Instance(certificate) { DataFolder = _dataFolder, KeepDataFolder = true };
        Assert.Equal("{\"documentNumber\":\"X1234567\"}", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(DraftPurpose).Unprotect(payload));
        await using (var scope = second.Services.CreateAsyncScope())
        {
            var keys = await scope.ServiceProvider.GetRequiredService<AdminDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync();
            Assert.Equal(keysAfterFirstStart, keys.Count);
            Assert.Single(keys, k => k.FriendlyName == Path.GetFileNameWithoutExtension(keyFile));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}

/// <summary>The start-up warning when the key ring is not protected at rest outside Development.</summary>
public class KeyRingWarningTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Artha.Admin";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Staging", null, true)]
    [InlineData("Production", "AB12CD", false)]
    [InlineData("Development", null, false)]
    public void Warns_outside_development_when_no_certificate_protects_the_keys(string environment, string? thumbprint, bool warns)
    {
        var warning = SharedKeyRing.UnprotectedWarning(new Environment(environment), new KeyRingProtection(thumbprint, "/nonexistent"));

        Assert.Equal(warns, warning is not null);
        if (warns)
        {
            Assert.Contains("DataProtection:CertificatePath", warning);
        }
    }

    [Fact]
    public async Task The_warning_is_logged_when_the_portal_prepares_its_key_ring()
    {
        using var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs))
            .AddSingleton<IHostEnvironment>(new Environment("Production"))
            .AddSingleton(new KeyRingProtection(null, Path.Combine(Path.GetTempPath(), "artha-no-such-folder-" + Guid.NewGuid().ToString("N"))));
        services.AddDataProtection();
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(0, await provider.PrepareSharedKeyRingAsync());

        Assert.Contains(logs.Entries, e => e.Contains("Warning") && e.Contains("DataProtection:CertificatePath"));
    }
}
