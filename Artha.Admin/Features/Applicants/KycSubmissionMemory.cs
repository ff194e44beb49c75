using System.Security.Cryptography;
using System.Text.Json;
using Artha.Admin.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

/// <summary>
/// Remembers the KYC/KYB values last submitted per customer and product, so "Resubmit" after a rejection starts from
/// them in any later session. The values are encrypted with the portal's data-protection keys before they are stored
/// (<see cref="KycSubmissionDraft"/>), dropped when the KYC watch resolves as approved (StatusWatchResolver), and kept at most
/// <c>Portal:KycDraftRetentionDays</c> (30 by default).
/// </summary>
public sealed class KycSubmissionMemory(
    IDbContextFactory<AdminDbContext> dbFactory,
    IDataProtectionProvider protection,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<KycSubmissionMemory> logger)
{
    private readonly IDataProtector protector = protection.CreateProtector("Artha.Admin.KycSubmissionDraft.v1");

    private TimeSpan Retention => TimeSpan.FromDays(Math.Max(1, configuration.GetValue("Portal:KycDraftRetentionDays", 30)));

    /// <summary>The values last submitted, or null when there are none (or they expired, or can no longer be decrypted).</summary>
    public async Task<Dictionary<string, string?>?> RecallAsync(string customerId, string productId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.KycSubmissionDrafts.AsNoTracking()
            .FirstOrDefaultAsync(d => d.CustomerId == customerId && d.ProductId == productId, cancellationToken);
        if (draft is null || draft.SubmittedAtUtc < clock.GetUtcNow().UtcDateTime - Retention)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(protector.Unprotect(draft.ProtectedValues));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            // E.g. the key ring was replaced: the form falls back to the customer's profile.
            logger.LogWarning("The stored KYC values of customer {CustomerId} for product {ProductId} could not be read ({Error}).",
                customerId, productId, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Stores (replaces) the values just submitted, and drops drafts past the retention period.</summary>
    public async Task RememberAsync(string customerId, string productId, IReadOnlyDictionary<string, string?> values, string submittedBy)
    {
        // Not cancellable: the submission already reached Artha.
        var now = clock.GetUtcNow().UtcDateTime;
        var protectedValues = protector.Protect(JsonSerializer.Serialize(values));
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var draft = await db.KycSubmissionDrafts.FirstOrDefaultAsync(d => d.CustomerId == customerId && d.ProductId == productId, CancellationToken.None);
        if (draft is null)
        {
            draft = new KycSubmissionDraft { CustomerId = customerId, ProductId = productId };
            db.KycSubmissionDrafts.Add(draft);
        }
        draft.ProtectedValues = protectedValues;
        draft.SubmittedByUserName = submittedBy;
        draft.SubmittedAtUtc = now;
        await db.SaveChangesAsync(CancellationToken.None);

        var expired = now - Retention;
        await db.KycSubmissionDrafts.Where(d => d.SubmittedAtUtc < expired).ExecuteDeleteAsync(CancellationToken.None);
    }
}
