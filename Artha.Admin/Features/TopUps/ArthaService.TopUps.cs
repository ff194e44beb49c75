using System.Globalization;
using Artha.Admin.Auditing;
using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.Features.Cards.Rules;
using Artha.Admin.Features.TopUps.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Errors;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

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

    /// <summary>
    /// Opens the top-up form: the card (currency fixed to the card's), whether its status allows a top-up, and the
    /// idempotency key of this form. <paramref name="resumeKey"/> is the key of a form being reopened (a refresh of
    /// the confirmation step keeps it in the address): it is kept unless Artha refused the top-up it was used for,
    /// and when it was already used, <see cref="TopUpPreparation.Earlier"/> carries that outcome instead of a new form.
    /// </summary>
    public Task<TopUpPreparation> PrepareTopUpAsync(string cardId, string? resumeKey = null, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.MoveMoney, "topup.prepare", new AuditTarget("card", cardId), async ct =>
        {
            var card = await artha.Cards.GetAsync(cardId, ct);
            var id = card.Id is { Length: > 0 } known ? known : cardId;
            var key = await KeyForNextConfirmationAsync(resumeKey, ct);
            var earlier = await FindIntentByKeyAsync(key, ct) is { } used && string.Equals(used.CardId, id, StringComparison.Ordinal)
                ? ToTopUpOutcome(used, replayed: true)
                : null;
            if (earlier is null && await FindIntentByKeyAsync(key, ct) is not null)
            {
                // A key used for another card never carries over: this card gets a form of its own.
                key = NewIdempotencyKey();
            }
            return new TopUpPreparation(
                id, card.CustomerId, MoneyText.MaskCard(card.CardNumberMasked), card.Currency ?? "",
                card.Status.Value, card.Balance, await merchantBalance.GetAsync(card.Currency ?? "", ct), key,
                await UnsettledIntentsAsync(id, null, ct), TopUpRefusalForCardStatus(card.Status.Value), earlier);
        }, cancellationToken);

    /// <summary>A new key for one confirmation of the top-up form.</summary>
    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The key the next confirmation of a form uses, after <paramref name="usedKey"/> was (or was not) confirmed: the same
    /// key while its top-up may exist at Artha (so a retry, a second click or a refresh replays it instead of funding the
    /// card twice), a new key only once Artha refused that top-up outright or reconciliation showed it never arrived.
    /// The one place a key is rotated; components never make that call.
    /// </summary>
    public async Task<string> KeyForNextConfirmationAsync(string? usedKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(usedKey) || usedKey.Length > 64)
        {
            return NewIdempotencyKey();
        }
        var intent = await FindIntentByKeyAsync(usedKey, cancellationToken);
        return intent is { State: TopUpIntentState.Refused } ? NewIdempotencyKey() : usedKey;
    }

    /// <summary>Why this card cannot be topped up now (its status), or null when it can; for pages that offer "Top up this card".</summary>
    public Task<string?> CardTopUpRefusalAsync(string cardId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.MoveMoney, "topup.card-check", new AuditTarget("card", cardId),
            async ct => TopUpRefusalForCardStatus((await artha.Cards.GetAsync(cardId, ct)).Status.Value), cancellationToken);

    /// <summary>
    /// Why a card in this status cannot be topped up, or null when it can: the card state machine's answer (only an active
    /// card, as Artha itself rules), the one check the form mirrors through <see cref="TopUpPreparation.CardRefusal"/>.
    /// </summary>
    private static string? TopUpRefusalForCardStatus(string? status) => CardStateMachine.WhyNot(status, CardOperation.TopUp);

    /// <summary>What the step-up dialog names before a large top-up.</summary>
    public const string TopUpPurpose = "confirm this large top-up";

    /// <summary>
    /// True for an amount above <see cref="SecurityOptions.StepUpTopUpAmount"/> (in the card's currency): such a top-up needs a
    /// recent step-up, which <see cref="TopUpAsync"/> enforces and the form asks for first.
    /// </summary>
    public bool TopUpNeedsStepUp(decimal amount) => amount > security.Value.StepUpTopUpAmount;

    /// <summary>
    /// Tops a card up at most once per <paramref name="idempotencyKey"/>. An amount above <see cref="SecurityOptions.StepUpTopUpAmount"/>
    /// needs a recent step-up. The intent and its Pending audit row are
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

        if (AmountRule.Check(amount, currency).Error is { } amountError)
        {
            throw MoneyText.ValidationError("amount", amountError);
        }
        if (TopUpNeedsStepUp(amount))
        {
            await RequireStepUpAsync(action, target, TopUpPurpose);
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
            var unsettledRefusal = UnsettledRefusal(unsettled);
            await audit.RecordAsync(action, target, AuditOutcome.Refused, $"intent {unsettled.Id} of {unsettled.Money} still unsettled", cancellationToken: CancellationToken.None);
            throw unsettledRefusal;
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
        // What the form refuses, the service refuses too: a card whose status does not allow it, and an amount the
        // merchant balance does not cover (Artha would accept it as pending and then reject it).
        var refusal = TopUpRefusalForCardStatus(card.Status.Value) is { } statusRefusal
            ? MoneyText.ValidationError("card", statusRefusal + " Nothing was sent.")
            : MerchantBalanceRule.Refusal(amount, await merchantBalance.GetAsync(currency, cancellationToken)) is { } balanceRefusal
                ? MoneyText.ValidationError("amount", balanceRefusal)
                : null;
        if (refusal is not null)
        {
            await audit.RecordAsync(action, target, AuditOutcome.Refused, $"{money}: {refusal.Message}", cancellationToken: CancellationToken.None);
            throw refusal;
        }
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

        var state = TopUpStateFor(result.Status.Value);
        await UpdateIntentAsync(intent.Id, i =>
        {
            i.State = state;
            i.TopUpId = topUpId;
            i.ArthaStatus = result.Status.Value;
            i.ArthaRequestId = result.RequestId;
            i.LastError = null;
        });
        // Rejected in Artha's first answer is a failed top-up, whatever the HTTP status said.
        await CompleteAuditAsync(auditId, state == TopUpIntentState.Rejected ? AuditOutcome.Failed : AuditOutcome.Succeeded, result.RequestId,
            state == TopUpIntentState.Rejected ? $"rejected by Artha ({result.Status.Value})" : null);
        await StartFollowingAsync(topUpId, money, masked, result.Status.Value, card.CustomerId, cardId);
        return new TopUpOutcome(intent.Id, state, topUpId, result.Status.Value, money, cardId, Replayed: false,
            TopUpStatusMessage(money, masked, result.Status.Value, null));
    }

    /// <summary>
    /// What the outcome of a top-up says for Artha's current <paramref name="status"/>: one sentence that never
    /// contradicts the status beside it (no "sent … pending" once Artha approved it), with the reason of a rejection.
    /// </summary>
    public static string TopUpStatusMessage(Money money, string? card, string? status, string? reason) =>
        TopUpStateFor(status) switch
        {
            TopUpIntentState.Approved => $"Artha approved the top-up of {money}{To(card)}: the money is on the card.",
            TopUpIntentState.Rejected => $"Artha rejected the top-up of {money}{To(card)}: {Sentence(reason ?? "Artha gave no reason.")} The card was not funded.",
            _ => $"The top-up of {money}{To(card)} was sent to Artha and is {TopUpStatusLabel(status)}. The portal follows it until Artha approves or rejects it.",
        };

    private static string To(string? card) => string.IsNullOrEmpty(card) ? "" : $" to card {card}";

    /// <summary>A reason as one sentence: trimmed, ending in exactly one full stop (Artha's remarks often end in one already).</summary>
    internal static string Sentence(string text)
    {
        var trimmed = text.Trim().TrimEnd('.', ' ');
        return trimmed.Length == 0 ? "" : trimmed + ".";
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
            var rejected = tracked.State == TopUpIntentState.Rejected;
            tracked.LastError = rejected ? MoneyText.Truncate(Sentence(match.Remarks ?? "Artha gave no reason."), 1000) : null;
            tracked.UpdatedAtUtc = now;
            // Adopting a rejected top-up settles the intent, but the top-up failed: the trail says so.
            await audit.AddToAsync(db, "topup.reconcile", new AuditTarget("card", intent.CardId), rejected ? AuditOutcome.Failed : AuditOutcome.Succeeded,
                $"intent {intent.Id}: adopted Artha top-up {topUpId} ({money}, {match.Status.Value})", match.RequestId);
            await db.SaveChangesAsync(CancellationToken.None);
            await CompletePendingCreateAuditAsync(intent.Id, rejected ? AuditOutcome.Failed : AuditOutcome.Succeeded,
                rejected ? $"reconciled: Artha top-up {topUpId} was rejected" : $"reconciled: Artha top-up {topUpId}");
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
            await SyncIntentStatusAsync(view.Id is { Length: > 0 } ? view.Id : topUpId, view.Status, view.Remarks);
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
            var labels = await ExportLabelsAsync(rows.Select(r => r.CardId), rows.Select(r => r.CustomerId), ct);
            var content = CsvFile.Build(rows,
                ("Top-up id", t => t.Id),
                ("Created (UTC)", t => t.CreatedAt),
                ("Updated (UTC)", t => t.UpdatedAt),
                ("Status", t => t.Status),
                ("Amount", t => t.Amount),
                ("Fee", t => t.Fee),
                ("Currency", t => t.Currency),
                ("Card id", t => t.CardId),
                ("Card last four", t => labels.Last4Of(t.CardId)),
                ("Customer id", t => t.CustomerId),
                ("Customer name", t => labels.NameOf(t.CustomerId)),
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
        if (FilterRangeRule.Error(filter.From, filter.To, filter.MinAmount, filter.MaxAmount) is { } rangeError)
        {
            throw MoneyText.ValidationError(rangeError == FilterRangeRule.ReversedDates ? "from" : "min", rangeError);
        }
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

    /// <summary>
    /// Brings the portal's intent up to Artha's status. A rejection also gives the intent's create row of the audit
    /// trail the outcome Failed (it was Succeeded when Artha accepted the request as pending), whichever path learned
    /// of it first: this read, the status poller or a webhook.
    /// </summary>
    private async Task SyncIntentStatusAsync(string topUpId, string status, string? remarks)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var intent = await db.TopUpIntents.FirstOrDefaultAsync(i => i.TopUpId == topUpId, CancellationToken.None);
        if (intent is null)
        {
            return;
        }
        var state = TopUpStateFor(status);
        if (!string.Equals(intent.ArthaStatus, status, StringComparison.OrdinalIgnoreCase) || intent.State != state
            || (state == TopUpIntentState.Rejected && intent.LastError is null && remarks is not null))
        {
            intent.ArthaStatus = status;
            intent.State = state;
            if (state == TopUpIntentState.Rejected && remarks is not null)
            {
                intent.LastError = MoneyText.Truncate(Sentence(remarks), 1000);
            }
            intent.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        if (state == TopUpIntentState.Rejected)
        {
            await MarkCreateAuditFailedAsync(intent.Id, $"rejected by Artha: {Sentence(remarks ?? "no reason given")}");
        }
    }

    /// <summary>The create row of an intent whose top-up Artha rejected: Failed, with the reason (once).</summary>
    private async Task MarkCreateAuditFailedAsync(Guid intentId, string note)
    {
        var prefix = $"intent {intentId}:";
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var entry = await db.AuditEntries.Where(a => a.Action == "topup.create" && a.Detail != null && a.Detail.StartsWith(prefix)
                && (a.Outcome == AuditOutcome.Pending || a.Outcome == AuditOutcome.Succeeded))
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(CancellationToken.None);
        if (entry is not null)
        {
            await CompleteAuditAsync(entry.Id, AuditOutcome.Failed, null, MoneyText.Truncate(note, 500));
        }
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
            TopUpIntentState.Rejected => TopUpStatusMessage(money, null, intent.ArthaStatus ?? "rejected", intent.LastError),
            _ => $"The top-up of {money} was not made: {Sentence(intent.LastError ?? "Artha refused it")} Open the form again to try with a new confirmation.",
        };
        var reason = intent.State is TopUpIntentState.Rejected or TopUpIntentState.Refused ? intent.LastError : null;
        return new TopUpOutcome(intent.Id, intent.State, intent.TopUpId, intent.ArthaStatus, money, intent.CardId, replayed, message, reason);
    }

    internal static TopUpIntentState TopUpStateFor(string? status) => status?.Replace("_", "").Replace("-", "").ToLowerInvariant() switch
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


    /// <summary>
    /// Cards a list filter can pick, for its autocomplete: Artha's cards (of one customer when given) whose last four
    /// digits, id or status contain <paramref name="search"/>. Artha's card list has no text search, so the portal
    /// reads one page of up to 100 cards and matches them itself.
    /// </summary>
    public Task<IReadOnlyList<FilterOption>> FindCardOptionsAsync(string? search, string? customerId = null, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<FilterOption>>(Permission.ViewProgramme, "topup.filter.cards", null, async ct =>
        {
            var page = await artha.Cards.ListAsync(new CardListQuery
            {
                CustomerId = MoneyText.NullIfBlank(customerId),
                Limit = ArthaMaxPageSize,
                Offset = 0,
            }, ct);
            var text = MoneyText.NullIfBlank(search);
            return page.Items
                .Select(c => new FilterOption(c.Id, $"{MoneyText.MaskCard(c.CardNumberMasked)} · {(c.Currency ?? "").ToUpperInvariant()} · {c.Status.Value.ToLowerInvariant()}"))
                .Where(o => text is null || o.Label.Contains(text, StringComparison.OrdinalIgnoreCase) || o.Id.Contains(text, StringComparison.OrdinalIgnoreCase))
                .Take(20)
                .ToList();
        }, cancellationToken);

    /// <summary>Customers a list filter can pick, for its autocomplete: Artha's search over name, email and phone.</summary>
    public Task<IReadOnlyList<FilterOption>> FindCustomerOptionsAsync(string? search, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<FilterOption>>(Permission.ViewProgramme, "topup.filter.customers", null, async ct =>
        {
            var page = await artha.Customers.ListAsync(new CustomerListQuery { Search = ArthaInputLimits.Search(search), Limit = 20, Offset = 0 }, ct);
            return page.Items.Select(c => new FilterOption(c.Id, CustomerLabel(c))).ToList();
        }, cancellationToken);

    /// <summary>The label of one card or customer id a filter holds (from a copied link), or the id when it cannot be read.</summary>
    public async Task<FilterOption> FilterOptionAsync(LinkedEntity kind, string id) =>
        new(id, (kind == LinkedEntity.Card ? await CardLabelAsync(id) : await CustomerNameAsync(id)) ?? id);

    private static string CustomerLabel(Customer customer)
    {
        var name = !string.IsNullOrWhiteSpace(customer.BusinessName)
            ? customer.BusinessName!
            : string.Join(" ", new[] { customer.FirstName, customer.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        name = string.IsNullOrWhiteSpace(name) ? customer.Id : name;
        return customer.Email is { Length: > 0 } email ? $"{name} ({email})" : name;
    }

    /// <summary>Card last four digits and customer names for the rows of an export (each id read once, four at a time).</summary>
    private async Task<ExportLabels> ExportLabelsAsync(IEnumerable<string?> cardIds, IEnumerable<string?> customerIds, CancellationToken ct)
    {
        var cards = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        var names = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct };
        await Parallel.ForEachAsync(cardIds.OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal), options, async (id, token) =>
        {
            try
            {
                var masked = (await artha.Cards.GetAsync(id, token)).CardNumberMasked;
                cards[id] = masked is { Length: >= 4 } m && m[^4..].All(char.IsAsciiDigit) ? m[^4..] : null;
            }
            catch (ArthaException)
            {
                // A label only: the row keeps the card id.
                cards[id] = null;
            }
        });
        await Parallel.ForEachAsync(customerIds.OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal), options, async (id, token) =>
        {
            try
            {
                var customer = await artha.Customers.GetAsync(id, token);
                var name = !string.IsNullOrWhiteSpace(customer.BusinessName)
                    ? customer.BusinessName
                    : string.Join(" ", new[] { customer.FirstName, customer.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
                names[id] = string.IsNullOrWhiteSpace(name) ? null : name;
            }
            catch (ArthaException)
            {
                names[id] = null;
            }
        });
        return new ExportLabels(cards, names);
    }

    private sealed record ExportLabels(IReadOnlyDictionary<string, string?> Cards, IReadOnlyDictionary<string, string?> Names)
    {
        public string? Last4Of(string? cardId) => cardId is not null && Cards.TryGetValue(cardId, out var last4) ? last4 : null;

        public string? NameOf(string? customerId) => customerId is not null && Names.TryGetValue(customerId, out var name) ? name : null;
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
