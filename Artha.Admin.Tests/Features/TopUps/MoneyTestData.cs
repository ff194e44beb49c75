using Artha.Admin.Data;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.TopUps;

/// <summary>Sandbox facts and database rows the money and reporting tests arrange and check.</summary>
internal static class MoneyTestData
{
    /// <summary>An active card of the seeded sandbox (seeding once per fixture when there is none).</summary>
    public static async Task<Card> ActiveCardAsync(this PortalFactory portal, int skip = 0)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var artha = scope.ServiceProvider.GetRequiredService<IArthaClient>();
        var page = await artha.Cards.ListAsync(new CardListQuery { Status = CardStatus.Active, Limit = 20 }, CancellationToken.None);
        if (page.Items.Count <= skip)
        {
            await portal.SeedSandboxAsync(5, 1, 3);
            page = await artha.Cards.ListAsync(new CardListQuery { Status = CardStatus.Active, Limit = 20 }, CancellationToken.None);
        }
        return page.Items[skip];
    }

    /// <summary>How many top-ups Artha (the sandbox) holds for a card.</summary>
    public static async Task<int> SandboxTopUpCountAsync(this PortalFactory portal, string cardId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var artha = scope.ServiceProvider.GetRequiredService<IArthaClient>();
        var page = await artha.Funding.ListCardTopUpsAsync(cardId, new TopUpListQuery { Limit = 1 }, CancellationToken.None);
        return page.Total ?? throw new InvalidOperationException("The sandbox reports list totals.");
    }

    /// <summary>A top-up made straight at Artha, bypassing the portal (as if the portal's answer had been lost).</summary>
    public static async Task<TopUpResult> TopUpBehindThePortalAsync(this PortalFactory portal, string cardId, decimal amount, string currency)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var artha = scope.ServiceProvider.GetRequiredService<IArthaClient>();
        return await artha.Funding.TopUpAsync(cardId, new TopUpRequest(amount, currency), CancellationToken.None);
    }

    /// <summary>An intent saved as the portal saves it before calling Artha, whose answer then never arrived.</summary>
    public static async Task<TopUpIntent> SubmittingIntentAsync(this PortalFactory portal, string cardId, decimal amount, string currency, DateTime createdAtUtc)
    {
        var intent = new TopUpIntent
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            CardId = cardId,
            Amount = amount,
            Currency = currency,
            State = TopUpIntentState.Submitting,
            CreatedByUserName = "finance@artha.local",
            CreatedAtUtc = createdAtUtc,
            UpdatedAtUtc = createdAtUtc,
        };
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync();
        db.TopUpIntents.Add(intent);
        await db.SaveChangesAsync();
        return intent;
    }

    public static async Task<List<TopUpIntent>> IntentsAsync(this PortalFactory portal, Func<TopUpIntent, bool> predicate)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync();
        return (await db.TopUpIntents.AsNoTracking().ToListAsync()).Where(predicate).ToList();
    }

    /// <summary>Polls (at most 15 s) until <paramref name="done"/> holds for the value read.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(250);
        }
    }

    /// <summary>Freezes (or, with <paramref name="cancel"/>, cancels) a card straight at Artha.</summary>
    public static async Task StopCardAsync(this PortalFactory portal, string cardId, bool cancel)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var artha = scope.ServiceProvider.GetRequiredService<IArthaClient>();
        if (cancel)
        {
            await artha.CardOperations.CancelAsync(cardId, new CancelCardRequest { Reason = "customer_request" }, CancellationToken.None);
        }
        else
        {
            await artha.CardOperations.FreezeAsync(cardId, CancellationToken.None);
        }
    }

    /// <summary>The lines of a CSV export (BOM removed).</summary>
    public static string[] CsvLines(byte[] content) =>
        System.Text.Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
}
