using System.Globalization;
using Artha.Admin.Auditing;
using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Errors;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

/// <summary>What the top-up form needs when it opens: the card, its fixed currency and a fresh idempotency key.</summary>
/// <param name="MerchantBalance">The merchant balance in the card's currency when it can be known (Sandbox mode); Artha's API does not expose it.</param>
/// <param name="Unsettled">Earlier top-ups of this card whose answer from Artha was lost; a new top-up waits until they settle.</param>
public sealed record TopUpPreparation(
    string CardId, string? CustomerId, string MaskedNumber, string Currency, string? CardStatus, decimal? CardBalance,
    Money? MerchantBalance, string IdempotencyKey, IReadOnlyList<TopUpIntentView> Unsettled)
{
    /// <summary>What the confirmation says about the merchant balance: its figure and what is left, or honestly that it is unknown.</summary>
    public string MerchantBalanceNote(decimal amount) => MerchantBalance is { } balance
        ? balance.Amount >= amount
            ? $"The merchant balance is {balance}; {new Money(balance.Amount - amount, balance.Currency)} remains after this top-up."
            : $"The merchant balance is only {balance}: Artha will accept this top-up as pending and then reject it, crediting the amount back."
        : "Artha's API does not report the merchant balance, so the portal cannot show what remains after this top-up. A top-up above the merchant balance is accepted as pending and then rejected.";

    /// <summary>"−£50.00 from the merchant balance".</summary>
    public string MerchantImpact(decimal amount) => $"−{new Money(amount, Currency)} from the merchant balance";
}

/// <summary>The outcome of a top-up confirmation (a new one or the replay of an earlier one with the same key).</summary>
public sealed record TopUpOutcome(
    Guid IntentId, TopUpIntentState State, string? TopUpId, string? ArthaStatus, Money Amount, string CardId,
    bool Replayed, string Message);

/// <summary>A top-up as the portal shows it.</summary>
public sealed record TopUpView(
    string Id, string? CardId, string? CustomerId, decimal Amount, decimal? Fee, string Currency, string Status,
    string? Remarks, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt)
{
    public Money Money => new(Amount, Currency);
}

/// <summary>A top-up the portal saved but whose fate at Artha is not settled yet (the answer was lost).</summary>
public sealed record TopUpIntentView(
    Guid Id, string CardId, string? CustomerId, decimal Amount, string Currency, TopUpIntentState State, string? TopUpId,
    string? LastError, string CreatedBy, DateTime CreatedAtUtc)
{
    public Money Money => new(Amount, Currency);
}

/// <summary>Filters of the top-up history (all optional). Dates are inclusive days.</summary>
public sealed record TopUpFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Status { get; init; }
    public string? CardId { get; init; }
    public string? CustomerId { get; init; }
    public decimal? MinAmount { get; init; }
    public decimal? MaxAmount { get; init; }
}

/// <summary>One line of the totals: count and sum per status and currency.</summary>
public sealed record TopUpTotal(string Status, string Currency, int Count, decimal Sum)
{
    public Money Money => new(Sum, Currency);
}

/// <summary>Totals over <see cref="Covered"/> top-ups; <see cref="Matching"/> is Artha's count of the filtered set when it gives one.</summary>
public sealed record TopUpTotals(IReadOnlyList<TopUpTotal> Lines, int Covered, int? Matching, bool Capped)
{
    public bool CoversAll => !Capped && (Matching is null || Covered >= Matching);
}

/// <summary>A generated CSV file. <see cref="Capped"/> when the filtered set was larger than the export cap.</summary>
public sealed record CsvExport(string FileName, byte[] Content, int Rows, int? Matching, bool Capped)
{
    public const string ContentType = "text/csv";

    /// <summary>What to tell the user after the download, including when the cap cut the export short.</summary>
    public string Summary()
    {
        var rows = Rows == 1 ? "1 row" : $"{Rows:N0} rows";
        return Capped
            ? $"{rows} exported: the export stops at {ArthaService.ExportCap:N0} rows, and {Matching?.ToString("N0") ?? "more"} match. Narrow the filters to export the rest."
            : $"{rows} exported to {FileName}.";
    }
}

public sealed partial class ArthaService
{
    /// <summary>Rows an export (or an all-rows total) reads at most, paging through Artha 100 at a time.</summary>
    public const int ExportCap = 10_000;

    private const int ArthaMaxPageSize = 100;

    /// <summary>
    /// How long after an intent was saved a top-up can still appear at Artha. Top-ups are sent once, never retried,
    /// with a per-attempt timeout of Artha:TimeoutSeconds; the window follows that time-out (TopUpSettlement).
    /// </summary>
    private TimeSpan TopUpSettleWindow => settlement.SettleWindow;

    /// <summary>How far Artha's clock may lag the portal's when matching a top-up to an intent by creation time.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(2);

    /// <summary>Opens the top-up form: the card (currency fixed to the card's) and a fresh idempotency key.</summary>
    public Task<TopUpPreparation> PrepareTopUpAsync(string cardId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.MoveMoney, "topup.prepare", new AuditTarget("card", cardId), async ct =>
        {
            var card = await artha.Cards.GetAsync(cardId, ct);
            var id = card.Id is { Length: > 0 } known ? known : cardId;
            return new TopUpPreparation(
                id, card.CustomerId, MoneyText.MaskCard(card.CardNumberMasked), card.Currency ?? "",
                card.Status.Value, card.Balance, await merchantBalance.GetAsync(card.Currency ?? "", ct), NewIdempotencyKey(),
                await UnsettledIntentsAsync(id, null, ct));
        }, cancellationToken);

    /// <summary>A new key for one confirmation of the top-up form.</summary>
    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Tops a card up at most once per <paramref name="idempotencyKey"/>. The intent and its Pending audit row are
    /// saved in one transaction before Artha is called; a second call with the same key (double click, retry,
    /// second tab) returns the first call's outcome and never calls Artha. Artha refusing (4xx) marks the intent
    /// Refused and throws; a lost answer (timeout, connection failure, 5xx) leaves it Submitting and reconciles.
    /// </summary>
    public async Task<TopUpOutcome> TopUpAsync(string idempotencyKey, string cardId, decimal amount, string currency, CancellationToken cancellationToken = default)
    {
        const string action = "topup.create";
        var target = new AuditTarget("card", cardId);
        await RequireAsync(Permission.MoveMoney, action, target);

        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 64)
        {
            throw MoneyText.ValidationError("idempotencyKey", "This confirmation has no valid key. Close the form and open it again.");
        }

        // The key was used before: report that confirmation's outcome; Artha is not called again.
        if (await FindIntentByKeyAsync(idempotencyKey, cancellationToken) is { } earlier)
        {
            return ReplayTopUp(earlier, cardId, amount, currency);
        }

        if (amount <= 0)
        {
            throw MoneyText.ValidationError("amount", "Enter an amount greater than zero.");
        }
        if (decimal.Round(amount, 2) != amount)
        {
            throw MoneyText.ValidationError("amount", "Use at most two decimal places.");
        }

        // A new key does not make a new top-up safe while an earlier one of this card has no answer yet: after a
        // reload or a dropped circuit the form opens with a fresh key, and confirming again could fund the card twice.
        if ((await UnsettledIntentsAsync(cardId, null, cancellationToken)).FirstOrDefault() is { } unsettled)
        {
            // A second click with this same key may have lost the race to the first one's insert: that is a replay.
            if (await FindIntentByKeyAsync(idempotencyKey, cancellationToken) is { } own)
            {
                return ReplayTopUp(own, cardId, amount, currency);
            }
            var refusal = UnsettledRefusal(unsettled);
            await audit.RecordAsync(action, target, AuditOutcome.Refused, $"intent {unsettled.Id} of {unsettled.Money} still unsettled", cancellationToken: CancellationToken.None);
            throw refusal;
        }

        Card card;
        try
        {
            card = await artha.Cards.GetAsync(cardId, cancellationToken);
        }
        catch (ArthaException ex)
        {
            throw Translate(ex, action, isChange: false);
        }
        var cardCurrency = card.Currency ?? "";
        if (!string.Equals(currency, cardCurrency, StringComparison.OrdinalIgnoreCase))
        {
            throw MoneyText.ValidationError("currency", $"The card's currency is {cardCurrency}; a top-up must be in {cardCurrency}.");
        }
        currency = cardCurrency.ToUpperInvariant();
        var money = new Money(amount, currency);
        var masked = MoneyText.MaskCard(card.CardNumberMasked);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await currentStaff.GetAsync();

        var intent = new TopUpIntent
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = idempotencyKey,
            CardId = cardId,
            CustomerId = card.CustomerId,
            Amount = amount,
            Currency = currency,
            State = TopUpIntentState.Submitting,
            CreatedByUserId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
            CreatedByUserName = user.Identity?.Name ?? "",
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        long auditId;
        try
        {
            // One SaveChanges = one transaction: the intent and its Pending audit row exist together or not at all.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.TopUpIntents.Add(intent);
            var entry = await audit.AddToAsync(db, action, target, AuditOutcome.Pending, IntentDetail(intent.Id, money, masked));
            await db.SaveChangesAsync(cancellationToken);
            auditId = entry.Id;
        }
        catch (DbUpdateException)
        {
            // Another call with the same key saved its intent first (the unique index refused ours): it owns the top-up.
            var concurrent = await FindIntentByKeyAsync(idempotencyKey, CancellationToken.None);
            if (concurrent is null)
            {
                throw;
            }
            return ReplayTopUp(concurrent, cardId, amount, currency);
        }

        TopUpResult result;
        try
        {
            // Not cancellable, never retried: once sent, a money movement must be seen through and recorded.
            result = await artha.Funding.TopUpAsync(cardId, new TopUpRequest(amount, currency), CancellationToken.None);
        }
        catch (ArthaApiException ex) when ((int)ex.StatusCode is >= 400 and < 500)
        {
            // Artha refused it outright: nothing was created. A new confirmation (new key) is needed to try again.
            var translated = Translate(ex, action, isChange: true);
            await UpdateIntentAsync(intent.Id, i =>
            {
                i.State = TopUpIntentState.Refused;
                i.ArthaRequestId = translated.RequestId;
                i.LastError = MoneyText.Truncate(translated.Message, 1000);
            });
            await CompleteAuditAsync(auditId, AuditOutcome.Failed, translated.RequestId, translated.ErrorCode ?? translated.Kind.ToString());
            throw translated;
        }
        catch (ArthaException ex)
        {
            // Timeout, lost connection or a 5xx: Artha may or may not have created the top-up. The intent stays
            // Submitting (so the key can never send it again) and is reconciled against Artha's history instead.
            var translated = Translate(ex, action, isChange: true);
            logger.LogWarning("Top-up intent {IntentId} has an unknown outcome ({Kind}); reconciling.", intent.Id, translated.Kind);
            await UpdateIntentAsync(intent.Id, i =>
            {
                i.ArthaRequestId = translated.RequestId;
                i.LastError = MoneyText.Truncate(translated.Message, 1000);
            });
            await CompleteAuditAsync(auditId, AuditOutcome.Pending, translated.RequestId, "outcome unknown (" + translated.Kind + "); reconciling with Artha's top-up history");
            return await ReconcileCoreAsync(intent.Id, masked, CancellationToken.None);
        }

        var topUpId = result.TopUpId;
        if (string.IsNullOrEmpty(topUpId))
        {
            // Accepted, but without an id to follow: find it in the card's history like a lost answer.
            await CompleteAuditAsync(auditId, AuditOutcome.Succeeded, result.RequestId, "accepted without a top-up id; reconciling");
            return await ReconcileCoreAsync(intent.Id, masked, CancellationToken.None);
        }

        await UpdateIntentAsync(intent.Id, i =>
        {
            i.State = TopUpIntentState.Submitted;
            i.TopUpId = topUpId;
            i.ArthaStatus = result.Status.Value;
            i.ArthaRequestId = result.RequestId;
            i.LastError = null;
        });
        await CompleteAuditAsync(auditId, AuditOutcome.Succeeded, result.RequestId, null);
        await StartFollowingAsync(topUpId, money, masked, result.Status.Value, card.CustomerId, cardId);
        return new TopUpOutcome(intent.Id, TopUpIntentState.Submitted, topUpId, result.Status.Value, money, cardId, Replayed: false,
            $"Top-up of {money} to card {masked} sent to Artha ({TopUpStatusLabel(result.Status.Value)}). The portal follows it until Artha approves or rejects it.");
    }

    /// <summary>
    /// Settles an intent whose answer from Artha was lost. Artha has no idempotency key, so the portal matches by
    /// facts: a top-up on the same card, same amount and currency, created no earlier than the intent (less a clock
    /// tolerance) and not already claimed by another intent. The earliest such top-up is adopted.
    /// When none exists the intent is marked Refused only if Artha clearly has none: the history query succeeded,
    /// it was read completely (not cut off by the page cap), and the settle window has passed, so a slow request can
    /// no longer arrive. Otherwise it stays Submitting and is checked again later; it is never re-sent.
    /// </summary>
    public async Task<TopUpOutcome> ReconcileTopUpAsync(Guid intentId, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.MoveMoney, "topup.reconcile", new AuditTarget("topup-intent", intentId.ToString()));
        return await ReconcileCoreAsync(intentId, null, cancellationToken);
    }

    private async Task<TopUpOutcome> ReconcileCoreAsync(Guid intentId, string? masked, CancellationToken cancellationToken)
    {
        var intent = await LoadIntentAsync(intentId, cancellationToken)
            ?? throw new ArthaOperationException("The portal has no record of this top-up. Reload the page.", ArthaFailureKind.NotFound);
        var money = new Money(intent.Amount, intent.Currency);
        if (intent.State != TopUpIntentState.Submitting)
        {
            return ToTopUpOutcome(intent, replayed: true);
        }

        var since = new DateTimeOffset(intent.CreatedAtUtc, TimeSpan.Zero) - ClockTolerance;
        var candidates = new List<TopUp>();
        var complete = false;
        try
        {
            for (var offset = 0; offset < 1000; offset += ArthaMaxPageSize)
            {
                var page = await artha.Funding.ListCardTopUpsAsync(intent.CardId, new TopUpListQuery
                {
                    From = since, MinAmount = intent.Amount, MaxAmount = intent.Amount, Limit = ArthaMaxPageSize, Offset = offset,
                }, cancellationToken);
                candidates.AddRange(page.Items);
                if (page.Items.Count < ArthaMaxPageSize || (page.Total is { } total && offset + page.Items.Count >= total))
                {
                    complete = true;
                    break;
                }
            }
        }
        catch (ArthaException ex)
        {
            // Artha could not be asked: nothing can be concluded, the intent stays Submitting.
            var translated = Translate(ex, "topup.reconcile", isChange: false);
            await UpdateIntentAsync(intent.Id, i => i.LastError = MoneyText.Truncate("Reconciliation could not read Artha's history: " + translated.Message, 1000));
            return ToTopUpOutcome(intent, replayed: false,
                $"The outcome of the top-up of {money} is still unknown: Artha's top-up history could not be read. {translated.Describe()}");
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var claimed = (await db.TopUpIntents.AsNoTracking()
                .Where(i => i.CardId == intent.CardId && i.TopUpId != null && i.Id != intent.Id)
                .Select(i => i.TopUpId!)
                .ToListAsync(CancellationToken.None))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var match = candidates
            .Where(t => t.Amount == intent.Amount
                && string.Equals(t.Currency, intent.Currency, StringComparison.OrdinalIgnoreCase)
                && (t.CreatedAt is null || t.CreatedAt >= since)
                && TopUpIdOf(t) is { } id && !claimed.Contains(id))
            .OrderBy(t => t.CreatedAt ?? DateTimeOffset.MaxValue)
            .FirstOrDefault();

        var tracked = await db.TopUpIntents.SingleAsync(i => i.Id == intent.Id, CancellationToken.None);
        if (tracked.State != TopUpIntentState.Submitting)
        {
            // Settled meanwhile (e.g. the original call's answer arrived): that answer wins.
            return ToTopUpOutcome(tracked, replayed: true);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        masked ??= await TryMaskAsync(intent.CardId);

        if (match is not null)
        {
            var topUpId = TopUpIdOf(match)!;
            tracked.TopUpId = topUpId;
            tracked.ArthaStatus = match.Status.Value;
            tracked.State = TopUpStateFor(match.Status.Value);
            tracked.LastError = null;
            tracked.UpdatedAtUtc = now;
            await audit.AddToAsync(db, "topup.reconcile", new AuditTarget("card", intent.CardId), AuditOutcome.Succeeded,
                $"intent {intent.Id}: adopted Artha top-up {topUpId} ({money}, {match.Status.Value})", match.RequestId);
            await db.SaveChangesAsync(CancellationToken.None);
            await CompletePendingCreateAuditAsync(intent.Id, AuditOutcome.Succeeded, $"reconciled: Artha top-up {topUpId}");
            if (tracked.State == TopUpIntentState.Submitted)
            {
                await StartFollowingAsync(topUpId, money, masked, match.Status.Value, intent.CustomerId, intent.CardId);
            }
            else
            {
                await PublishAsync(StatusSubject.TopUp, topUpId, match.Status.Value, $"Top-up of {money} to card {masked} {TopUpStatusLabel(match.Status.Value)}",
                    intent.CustomerId, intent.CardId);
            }
            return ToTopUpOutcome(tracked, replayed: false,
                $"Artha did receive the top-up of {money} to card {masked}: it is {TopUpStatusLabel(match.Status.Value)}. It was not sent twice.");
        }

        if (complete && now - intent.CreatedAtUtc > TopUpSettleWindow)
        {
            tracked.State = TopUpIntentState.Refused;
            tracked.LastError = "Artha has no matching top-up; it never received this request. Nothing was charged.";
            tracked.UpdatedAtUtc = now;
            await audit.AddToAsync(db, "topup.reconcile", new AuditTarget("card", intent.CardId), AuditOutcome.Failed,
                $"intent {intent.Id}: no matching top-up at Artha {TopUpSettleWindow.TotalMinutes:0} min after submission; marked refused");
            await db.SaveChangesAsync(CancellationToken.None);
            await CompletePendingCreateAuditAsync(intent.Id, AuditOutcome.Failed, "reconciled: Artha never created it");
            await PublishAsync(StatusSubject.TopUp, intent.Id.ToString(), "refused", $"Top-up of {money} to card {masked} was not made",
                intent.CustomerId, intent.CardId);
            return ToTopUpOutcome(tracked, replayed: false,
                $"Artha never received the top-up of {money} to card {masked}; nothing was charged. Open the top-up form again to make a new one.");
        }

        return ToTopUpOutcome(tracked, replayed: false,
            $"The outcome of the top-up of {money} to card {masked} is not known yet: Artha does not list it so far. The portal checks again in the background and will not send it again.");
    }

    /// <summary>Artha's current status of a top-up; a terminal status also settles the portal's intent.</summary>
    public Task<TopUpView> GetTopUpStatusAsync(string topUpId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "topup.get", new AuditTarget("topup", topUpId), async ct =>
        {
            var view = ToView(await artha.Funding.GetTopUpStatusAsync(topUpId, ct));
            await SyncIntentStatusAsync(view.Id is { Length: > 0 } ? view.Id : topUpId, view.Status);
            return view;
        }, cancellationToken);

    /// <summary>One page of the top-up history across all cards (or one card/customer), newest first.</summary>
    public Task<ListPage<TopUpView>> ListTopUpsAsync(TopUpFilter filter, int offset, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "topup.list", null, ct => ListTopUpsCoreAsync(filter, offset, limit, ct), cancellationToken);

    /// <summary>Totals by status and currency of a set of rows (e.g. the loaded page).</summary>
    public static IReadOnlyList<TopUpTotal> Summarize(IEnumerable<TopUpView> topUps) => topUps
        .GroupBy(t => (Status: t.Status.ToLowerInvariant(), Currency: t.Currency.ToUpperInvariant()))
        .Select(g => new TopUpTotal(g.Key.Status, g.Key.Currency, g.Count(), g.Sum(t => t.Amount)))
        .OrderBy(t => t.Currency, StringComparer.Ordinal).ThenBy(t => t.Status, StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// Totals of the whole filtered set. Artha gives counts but no sums, so the portal reads every matching top-up,
    /// up to <see cref="ExportCap"/>; <see cref="TopUpTotals.Capped"/> says when the set was larger.
    /// </summary>
    public Task<TopUpTotals> TotalTopUpsAsync(TopUpFilter filter, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "topup.totals", null, async ct =>
        {
            var (rows, matching, capped) = await ReadAllTopUpsAsync(filter, ct);
            return new TopUpTotals(Summarize(rows), rows.Count, matching, capped);
        }, cancellationToken);

    /// <summary>CSV of the filtered top-ups (at most <see cref="ExportCap"/> rows). Needs MoveMoney; audited.</summary>
    public async Task<CsvExport> ExportTopUpsCsvAsync(TopUpFilter filter, CancellationToken cancellationToken = default)
    {
        var export = await ReadAsync(Permission.MoveMoney, "topup.export", null, async ct =>
        {
            var (rows, matching, capped) = await ReadAllTopUpsAsync(filter, ct);
            var content = CsvFile.Build(rows,
                ("Top-up id", t => t.Id),
                ("Created (UTC)", t => t.CreatedAt),
                ("Updated (UTC)", t => t.UpdatedAt),
                ("Status", t => t.Status),
                ("Amount", t => t.Amount),
                ("Fee", t => t.Fee),
                ("Currency", t => t.Currency),
                ("Card id", t => t.CardId),
                ("Customer id", t => t.CustomerId),
                ("Remarks", t => t.Remarks));
            return new CsvExport($"topups-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv", content, rows.Count, matching, capped);
        }, cancellationToken);
        await audit.RecordAsync("topup.export", null, AuditOutcome.Succeeded,
            $"{export.Rows} rows{(export.Capped ? $" (capped at {ExportCap})" : "")}; filter {Describe(filter)}", cancellationToken: CancellationToken.None);
        return export;
    }

    /// <summary>Intents the portal is still reconciling (answer lost), newest first; for the top of the history.</summary>
    public Task<IReadOnlyList<TopUpIntentView>> ListUnsettledTopUpIntentsAsync(string? cardId = null, string? customerId = null, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "topup.intents", null, ct => UnsettledIntentsAsync(cardId, customerId, ct), cancellationToken);

    private async Task<IReadOnlyList<TopUpIntentView>> UnsettledIntentsAsync(string? cardId, string? customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.TopUpIntents.AsNoTracking().Where(i => i.State == TopUpIntentState.Submitting);
        if (!string.IsNullOrEmpty(cardId))
        {
            query = query.Where(i => i.CardId == cardId);
        }
        if (!string.IsNullOrEmpty(customerId))
        {
            query = query.Where(i => i.CustomerId == customerId);
        }
        var rows = await query.ToListAsync(ct);
        return rows.OrderByDescending(i => i.CreatedAtUtc)
            .Select(i => new TopUpIntentView(i.Id, i.CardId, i.CustomerId, i.Amount, i.Currency, i.State, i.TopUpId, i.LastError, i.CreatedByUserName, i.CreatedAtUtc))
            .ToList();
    }

    /// <summary>Why a new top-up of a card waits for an earlier one whose answer was lost, and what to do.</summary>
    internal static ArthaOperationException UnsettledRefusal(TopUpIntentView unsettled) => new(
        $"An earlier top-up of {unsettled.Money} to this card (saved {unsettled.CreatedAtUtc:yyyy-MM-dd HH:mm} UTC by {unsettled.CreatedBy}) " +
        "has no answer from Artha yet, so a new one could fund the card twice. The portal checks Artha's history in the background; " +
        "use \"Check with Artha now\" and top up again once it has settled. Nothing was sent.",
        ArthaFailureKind.Conflict);

    /// <summary>
    /// For <see cref="TopUpReconciler"/>: settles one intent whose answer was lost, on behalf of the portal itself
    /// (the scope's user is the reconciler's system principal, which the audit rows name).
    /// </summary>
    internal Task<TopUpOutcome> ReconcileInBackgroundAsync(Guid intentId, CancellationToken cancellationToken) =>
        ReconcileCoreAsync(intentId, null, cancellationToken);

    private async Task<ListPage<TopUpView>> ListTopUpsCoreAsync(TopUpFilter filter, int offset, int limit, CancellationToken ct)
    {
        var query = new TopUpListQuery
        {
            Status = string.IsNullOrWhiteSpace(filter.Status) ? null : (TopUpStatus?)new TopUpStatus(filter.Status.Trim()),
            From = MoneyText.StartOf(filter.From),
            To = MoneyText.EndOf(filter.To),
            CardId = MoneyText.NullIfBlank(filter.CardId),
            CustomerId = MoneyText.NullIfBlank(filter.CustomerId),
            MinAmount = filter.MinAmount,
            MaxAmount = filter.MaxAmount,
            Offset = offset,
            Limit = limit,
        };
        var page = query.CardId is { } card && query.CustomerId is null
            ? await artha.Funding.ListCardTopUpsAsync(card, query, ct)
            : await artha.Funding.ListTopUpsAsync(query, ct);
        return new ListPage<TopUpView>(page.Items.Select(ToView).ToList(), page.Total, offset);
    }

    private async Task<(List<TopUpView> Rows, int? Matching, bool Capped)> ReadAllTopUpsAsync(TopUpFilter filter, CancellationToken ct)
    {
        var rows = new List<TopUpView>();
        int? matching = null;
        while (rows.Count < ExportCap)
        {
            var page = await ListTopUpsCoreAsync(filter, rows.Count, Math.Min(ArthaMaxPageSize, ExportCap - rows.Count), ct);
            matching ??= page.Total;
            rows.AddRange(page.Items);
            if (page.Items.Count == 0 || (matching is { } total && rows.Count >= total))
            {
                return (rows, matching, false);
            }
        }
        return (rows, matching, matching is null || matching > rows.Count);
    }

    private async Task StartFollowingAsync(string topUpId, Money money, string masked, string status, string? customerId, string cardId)
    {
        var description = $"Top-up of {money} to card {masked}";
        await WatchAsync(WatchKind.TopUp, topUpId, description, status, customerId: customerId, cardId: cardId);
        await PublishAsync(StatusSubject.TopUp, topUpId, status, $"{description} {TopUpStatusLabel(status)}", customerId, cardId);
    }

    private async Task SyncIntentStatusAsync(string topUpId, string status)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var intent = await db.TopUpIntents.FirstOrDefaultAsync(i => i.TopUpId == topUpId, CancellationToken.None);
        if (intent is null || string.Equals(intent.ArthaStatus, status, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        intent.ArthaStatus = status;
        intent.State = TopUpStateFor(status);
        intent.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task<TopUpIntent?> FindIntentByKeyAsync(string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TopUpIntents.AsNoTracking().FirstOrDefaultAsync(i => i.IdempotencyKey == key, ct);
    }

    private async Task<TopUpIntent?> LoadIntentAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TopUpIntents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
    }

    private async Task UpdateIntentAsync(Guid id, Action<TopUpIntent> change)
    {
        // Not cancellable: it records what Artha already did.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var intent = await db.TopUpIntents.SingleAsync(i => i.Id == id, CancellationToken.None);
        change(intent);
        intent.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Gives the create row left Pending by a lost answer its final outcome.</summary>
    private async Task CompletePendingCreateAuditAsync(Guid intentId, AuditOutcome outcome, string note)
    {
        var prefix = $"intent {intentId}:";
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var entry = await db.AuditEntries.Where(a => a.Action == "topup.create" && a.Outcome == AuditOutcome.Pending && a.Detail != null && a.Detail.StartsWith(prefix))
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(CancellationToken.None);
        if (entry is not null)
        {
            await CompleteAuditAsync(entry.Id, outcome, null, note);
        }
    }

    private static TopUpOutcome ReplayTopUp(TopUpIntent earlier, string cardId, decimal amount, string currency)
    {
        if (!string.Equals(earlier.CardId, cardId, StringComparison.Ordinal) || earlier.Amount != amount
            || !string.Equals(earlier.Currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            throw MoneyText.ValidationError("idempotencyKey", "This confirmation was already used for a different top-up. Close the form and open it again to make a new one.");
        }
        return ToTopUpOutcome(earlier, replayed: true);
    }

    private static TopUpOutcome ToTopUpOutcome(TopUpIntent intent, bool replayed, string? message = null)
    {
        var money = new Money(intent.Amount, intent.Currency);
        message ??= (replayed ? "This confirmation was already sent; it was not sent again. " : "") + intent.State switch
        {
            TopUpIntentState.Submitting => $"The outcome of the top-up of {money} is being checked with Artha.",
            TopUpIntentState.Submitted => $"The top-up of {money} is with Artha ({TopUpStatusLabel(intent.ArthaStatus)}).",
            TopUpIntentState.Approved => $"The top-up of {money} was approved.",
            TopUpIntentState.Rejected => $"The top-up of {money} was rejected by Artha.",
            _ => $"The top-up of {money} was not made: {intent.LastError ?? "Artha refused it."} Open the form again to try with a new confirmation.",
        };
        return new TopUpOutcome(intent.Id, intent.State, intent.TopUpId, intent.ArthaStatus, money, intent.CardId, replayed, message);
    }

    private static TopUpIntentState TopUpStateFor(string? status) => status?.Replace("_", "").Replace("-", "").ToLowerInvariant() switch
    {
        "approved" or "completed" => TopUpIntentState.Approved,
        "rejected" or "failed" => TopUpIntentState.Rejected,
        _ => TopUpIntentState.Submitted,
    };

    private static string TopUpStatusLabel(string? status) => string.IsNullOrWhiteSpace(status) ? "status not reported" : status.ToLowerInvariant();

    private static string? TopUpIdOf(TopUp topUp) => topUp.TransactionId ?? topUp.Id ?? topUp.TaskId;

    private static TopUpView ToView(TopUp t) => new(
        TopUpIdOf(t) ?? "", t.CardId, t.CustomerId, t.Amount ?? 0m, t.Fee, (t.Currency ?? "").ToUpperInvariant(),
        string.IsNullOrEmpty(t.Status.Value) ? "unknown" : t.Status.Value.ToLowerInvariant(), t.Remarks, t.CreatedAt, t.UpdatedAt ?? t.CompletedAt);

    private static string IntentDetail(Guid intentId, Money money, string masked) =>
        $"intent {intentId}: {money} to card {masked}";


    private async Task<string> TryMaskAsync(string cardId)
    {
        try
        {
            return MoneyText.MaskCard((await artha.Cards.GetAsync(cardId, CancellationToken.None)).CardNumberMasked);
        }
        catch (ArthaException)
        {
            // Only for wording a message: the card's id is an honest fallback.
            return cardId;
        }
    }


    private static string Describe(TopUpFilter f) => MoneyText.Describe(
        f.From is { } from ? $"from {from:yyyy-MM-dd}" : null,
        f.To is { } to ? $"to {to:yyyy-MM-dd}" : null,
        MoneyText.NullIfBlank(f.Status) is { } s ? $"status {s}" : null,
        MoneyText.NullIfBlank(f.CardId) is { } c ? $"card {c}" : null,
        MoneyText.NullIfBlank(f.CustomerId) is { } cu ? $"customer {cu}" : null,
        f.MinAmount is { } min ? $"min {min.ToString("0.00", CultureInfo.InvariantCulture)}" : null,
        f.MaxAmount is { } max ? $"max {max.ToString("0.00", CultureInfo.InvariantCulture)}" : null);
}

/// <summary>Small helpers of the money, reporting and audit features (a class of their own so partials cannot clash).</summary>
internal static class MoneyText
{
    /// <summary>"••4242" from Artha's masked number (the only PAN form the portal ever holds).</summary>
    public static string MaskCard(string? maskedNumber) =>
        maskedNumber is { Length: >= 4 } m && m[^4..].All(char.IsAsciiDigit) ? "••" + m[^4..] : "••••";

    public static ArthaOperationException ValidationError(string field, string message) =>
        new(message, ArthaFailureKind.Validation, fieldErrors: new Dictionary<string, string[]> { [field] = [message] });

    public static string Truncate(string value, int max) => value.Length > max ? value[..max] : value;

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static DateTimeOffset? StartOf(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public static DateTimeOffset? EndOf(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : null;

    public static string Describe(params string?[] parts) => string.Join(", ", parts.Where(p => p is not null).DefaultIfEmpty("none"));
}
