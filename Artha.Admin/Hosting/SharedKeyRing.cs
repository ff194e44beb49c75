using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Artha.Admin.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Hosting;

/// <summary>The <c>DataProtection</c> configuration section.</summary>
public sealed class SharedKeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// A PKCS#12 file (.pfx/.p12, with its private key) that protects the keys at rest in the database; relative
    /// paths are under the content root. Every instance needs the same certificate. Empty = keys stored unencrypted.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/> (set it as a secret, e.g. <c>DataProtection__CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }
}

/// <summary>
/// The data-protection key ring lives in the portal's database (table <c>DataProtectionKeys</c>), so every instance on
/// one database signs the sign-in cookie and encrypts KYC drafts with the same keys, without a shared folder. Keys are
/// encrypted at rest with <see cref="SharedKeyRingOptions.CertificatePath"/> when it is configured. Keys of the folder
/// the portal used before (<c>&lt;DataFolder&gt;/keys</c>) are imported once, so existing cookies and drafts stay readable.
/// </summary>
public static class SharedKeyRing
{
    public const string ApplicationName = "Artha.Admin";

    /// <summary>Where earlier portal versions kept their keys: <c>keys</c> under the data folder.</summary>
    public static string LegacyKeyFolder(IConfiguration configuration, IHostEnvironment environment) =>
        Path.Combine(DatabaseRegistration.ResolveDataFolder(configuration, environment), "keys");

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(SharedKeyRingOptions.Section).Get<SharedKeyRingOptions>() ?? new SharedKeyRingOptions();
        var protection = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AdminDbContext>();
        var certificate = LoadCertificate(settings, environment);
        if (certificate is not null)
        {
            // Decryption looks for the certificate in the machine's store unless it is named here (Linux has none).
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        services.AddSingleton(new KeyRingProtection(certificate?.Thumbprint, LegacyKeyFolder(configuration, environment)));
        return services;
    }

    /// <summary>Loads the configured certificate, or null when none is configured.</summary>
    /// <exception cref="InvalidOperationException">A path is configured but the file is missing, unreadable or has no private key.</exception>
    public static X509Certificate2? LoadCertificate(SharedKeyRingOptions settings, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return null;
        }
        var path = Path.IsPathRooted(settings.CertificatePath) ? settings.CertificatePath : Path.Combine(environment.ContentRootPath, settings.CertificatePath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath '{path}' does not exist. Point it at the PKCS#12 (.pfx) file every portal instance shares.");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            // The message of the exception never holds the password; say what to check.
            throw new InvalidOperationException($"DataProtection:CertificatePath '{path}' could not be read as PKCS#12: check the file and DataProtection:CertificatePassword ({ex.GetType().Name}).");
        }
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath '{path}' has no private key; the portal needs it to read its keys back.");
        }
        return certificate;
    }

    /// <summary>The start-up warning outside Development when the keys are not protected at rest; null when none is due.</summary>
    public static string? UnprotectedWarning(IHostEnvironment environment, KeyRingProtection protection) =>
        protection.CertificateThumbprint is null && !environment.IsDevelopment()
            ? "Data-protection keys are stored unencrypted in the DataProtectionKeys table: anyone who can read the database can forge " +
              "sign-in cookies and read KYC drafts. Set DataProtection:CertificatePath (and DataProtection:CertificatePassword) to a " +
              "certificate every instance shares."
            : null;

    /// <summary>
    /// Runs before the key ring is first used: imports the legacy folder's keys (once: a key already in the database is
    /// skipped) and logs <see cref="UnprotectedWarning"/> when due. Returns how many keys were imported.
    /// </summary>
    public static async Task<int> PrepareSharedKeyRingAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var protection = services.GetRequiredService<KeyRingProtection>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SharedKeyRing).FullName!);
        if (UnprotectedWarning(services.GetRequiredService<IHostEnvironment>(), protection) is { } warning)
        {
            logger.LogWarning("{Warning}", warning);
        }
        var folder = new DirectoryInfo(protection.LegacyKeyFolder);
        if (!folder.Exists)
        {
            return 0;
        }
        var files = folder.GetFiles("*.xml");
        if (files.Length == 0)
        {
            return 0;
        }

        var encryptor = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdminDbContext>();
        var known = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var imported = 0;
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            // The folder repository names each file after the key's friendly name ("key-<id>"), as the database one does.
            var friendlyName = Path.GetFileNameWithoutExtension(file.Name);
            if (known.Contains(friendlyName))
            {
                continue;
            }
            XElement element;
            try
            {
                element = XElement.Load(file.FullName);
            }
            catch (System.Xml.XmlException ex)
            {
                logger.LogWarning("Key file {File} is not readable XML ({Error}); not imported.", file.Name, ex.GetType().Name);
                continue;
            }
            if (encryptor is not null)
            {
                EncryptSecrets(element, encryptor);
            }
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            imported++;
        }
        if (imported > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Imported {Count} data-protection keys from {Folder} into the database; the folder is no longer read.", imported, folder.FullName);
        }
        return imported;
    }

    private static readonly XNamespace DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";

    /// <summary>Encrypts the parts of a folder key marked <c>requiresEncryption</c>, as the key manager does for a new key.</summary>
    private static void EncryptSecrets(XElement key, Microsoft.AspNetCore.DataProtection.XmlEncryption.IXmlEncryptor encryptor)
    {
        var secrets = key.Descendants()
            .Where(e => (bool?)e.Attribute(DataProtectionNamespace + "requiresEncryption") == true)
            .ToList();
        foreach (var secret in secrets)
        {
            var encrypted = encryptor.Encrypt(new XElement(secret));
            secret.ReplaceWith(new XElement(DataProtectionNamespace + "encryptedSecret",
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!),
                encrypted.EncryptedElement));
        }
    }
}

/// <summary>How the key ring is protected: the certificate's thumbprint (null = not encrypted at rest), and the legacy folder.</summary>
public sealed record KeyRingProtection(string? CertificateThumbprint, string LegacyKeyFolder);
