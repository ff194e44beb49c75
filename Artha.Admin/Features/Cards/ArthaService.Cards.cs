using System.Globalization;
using System.Text.RegularExpressions;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Cards.Rules;
using Artha.Admin.Features.Customers.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Errors;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    private static AuditTarget CardTarget(string cardId) => new("card", cardId);

    public Task<ListPage<CardView>> ListCardsAsync(CardListFilter filter, int offset, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "card.list", null, async ct =>
        {
            var page = await artha.Cards.ListAsync(new CardListQuery
            {
                Offset = offset,
                Limit = limit,
                Status = string.IsNullOrWhiteSpace(filter.Status) ? (CardStatus?)null : CardStatus.From(filter.Status.Trim()),
                Type = string.IsNullOrWhiteSpace(filter.Type) ? (CardType?)null : CardType.From(filter.Type.Trim()),
                ProductId = string.IsNullOrWhiteSpace(filter.ProductId) ? null : filter.ProductId.Trim(),
                CustomerId = string.IsNullOrWhiteSpace(filter.CustomerId) ? null : filter.CustomerId.Trim(),
            }, ct);
            return new ListPage<CardView>(page.Items.Select(ToCardView).ToList(), page.Total, offset);
        }, cancellationToken);

    public Task<CardView> GetCardAsync(string cardId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "card.get", CardTarget(cardId),
            async ct => ToCardView(await artha.Cards.GetAsync(cardId, ct)), cancellationToken);

    public Task<CardBalanceView> GetCardBalanceAsync(string cardId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "card.balance", CardTarget(cardId), async ct =>
        {
            var balance = await artha.Funding.GetBalanceAsync(cardId, ct);
            var currency = balance.Currency ?? "";
            var available = balance.AvailableBalance ?? 0m;
            var held = balance.HoldAmount ?? 0m;
            return new CardBalanceView(new Money(available, currency), new Money(held, currency),
                new Money(balance.TotalBalance ?? available + held, currency), balance.RetrievedAt);
        }, cancellationToken);

    public Task<CardLimitsView> GetCardLimitsAsync(string cardId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "card.limits.get", CardTarget(cardId),
            async ct => ToLimitsView(await artha.Limits.GetAsync(cardId, ct)), cancellationToken);

    /// <summary>
    /// Changes limits: unchanged limits are not sent, reset ones are sent as an explicit null (product default). Amounts
    /// follow <see cref="CardLimitRules"/> (positive, the currency's decimals, an upper bound) and the card must allow
    /// <see cref="CardOperation.ChangeLimits"/>. Needs <see cref="Permission.ControlCards"/>.
    /// </summary>
    public async Task<CardLimitsView> UpdateCardLimitsAsync(string cardId, CardLimitsUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        const string action = "card.limits.update";
        await RequireAsync(Permission.ControlCards, action, CardTarget(cardId));

        var changes = update.All().Where(c => c.Change.Kind != LimitChangeKind.Unchanged).ToList();
        if (changes.Count == 0)
        {
            throw LocalValidation("No limit was changed. Set an amount or reset a limit to the product default, then save.", new Dictionary<string, string[]>());
        }
        var reason = update.Reason is null ? null : RequireReason(update.Reason, "Say why the limits change.");
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        await RequireAllowedAsync(action, card, CardOperation.ChangeLimits, cancellationToken);

        var errors = new Dictionary<string, string[]>();
        foreach (var (field, _, change) in changes)
        {
            if (change.Kind == LimitChangeKind.Set && CardLimitRules.Check(change.Amount, card.Currency) is { } problem)
            {
                errors[field] = [problem];
            }
        }
        if (errors.Count > 0)
        {
            throw LocalValidation("Some limits are not valid amounts. Correct the highlighted limits and save again.", errors);
        }

        var request = new UpdateCardLimitsRequest
        {
            DailyLimit = ToOptional(update.DailyLimit),
            MonthlyLimit = ToOptional(update.MonthlyLimit),
            PerTransactionLimit = ToOptional(update.PerTransactionLimit),
            AtmWithdrawalLimit = ToOptional(update.AtmWithdrawalLimit),
            YearlyLimit = ToOptional(update.YearlyLimit),
            LifetimeLimit = ToOptional(update.LifetimeLimit),
        };
        // The audit row shows each limit old → new; the old values are read first (unknown, "?", if Artha does not answer).
        CardLimitsView? before = null;
        try
        {
            before = ToLimitsView(await artha.Limits.GetAsync(cardId, cancellationToken));
        }
        catch (ArthaException ex)
        {
            logger.LogWarning("The limits of card {CardId} could not be read before changing them ({Error}); the audit row shows '?' as old values.", cardId, ex.GetType().Name);
        }
        var detail = "limits: " + string.Join(", ", changes.Select(c => $"{c.Label} {OldLimit(before, c.Field)} → {c.Change}"))
            + (reason is null ? "" : $" — reason: {ScrubCardNumbers(reason)}");
        var limits = await ChangeAsync(Permission.ControlCards, action, CardTarget(cardId), detail,
            ct => artha.Limits.UpdateAsync(cardId, request, ct), cancellationToken);

        await PublishAsync(StatusSubject.Card, cardId, card.Status, $"Limits of {card.ShortName} changed",
            card.CustomerId, cardId, card.ProductId);
        return ToLimitsView(limits);
    }

    /// <summary>
    /// The latest activity of one card, newest first: the portal's changes to it (audit rows: who and the detail only for
    /// roles that may read the audit trail) and the status changes the portal saw for it (issuance, top-ups, purchases).
    /// </summary>
    public async Task<IReadOnlyList<CardActivityItem>> CardActivityAsync(string cardId, int count = 50, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "card.activity", CardTarget(cardId));
        var user = await currentStaff.GetAsync();
        var full = user.Allows(Permission.ViewAudit);
        var take = Math.Clamp(count, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.TargetType == "card" && a.TargetId == cardId && a.Outcome != AuditOutcome.Pending)
            .OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
        var audited = rows.Select(a => new CardActivityItem(DateTime.SpecifyKind(a.OccurredAtUtc, DateTimeKind.Utc), CardActionInWords(a.Action),
            a.Outcome.ToString().ToLowerInvariant(), full ? a.UserName : null, full ? a.Detail : null));
        var seen = events.Recent(200).Where(c => c.Concerns(cardId))
            .Select(c => new CardActivityItem(c.OccurredAtUtc, c.Message, c.Status, null, null));
        return audited.Concat(seen).OrderByDescending(i => i.OccurredAtUtc).Take(take).ToList();
    }

    /// <summary>A limit's value before a change, for the audit row: the amount, "none", or "?" when it could not be read.</summary>
    private static string OldLimit(CardLimitsView? before, string field)
    {
        if (before is null)
        {
            return "?";
        }
        decimal? value = field switch
        {
            "dailyLimit" => before.DailyLimit,
            "monthlyLimit" => before.MonthlyLimit,
            "perTransactionLimit" => before.PerTransactionLimit,
            "atmWithdrawalLimit" => before.AtmWithdrawalLimit,
            "yearlyLimit" => before.YearlyLimit,
            "lifetimeLimit" => before.LifetimeLimit,
            _ => null,
        };
        return value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "none";
    }

    private static string CardActionInWords(string action) => action switch
    {
        "card.activate" => "Activation",
        "card.freeze" => "Freeze",
        "card.unfreeze" => "Unfreeze",
        "card.cancel" => "Cancellation",
        "card.replace" => "Replacement",
        "card.pin.set" => "PIN set",
        "card.reveal" => "Full details revealed",
        "card.limits.update" => "Limits changed",
        _ => action,
    };

    /// <summary>Customers matching a search (name, email or phone), for the issue wizard's picker.</summary>
    public Task<IReadOnlyList<CardholderOption>> FindCardholdersAsync(string? search, int limit = 20, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<CardholderOption>>(Permission.ViewProgramme, "card.issue.customers", null, async ct =>
        {
            var page = await artha.Customers.ListAsync(new CustomerListQuery
            {
                Search = ArthaInputLimits.Search(search),
                Limit = limit,
                Offset = 0,
            }, ct);
            return page.Items.Select(ToCardholder).ToList();
        }, cancellationToken);

    /// <summary>One customer, to prefill the issue wizard.</summary>
    public Task<CardholderOption> GetCardholderAsync(string customerId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "card.issue.customer", new AuditTarget("customer", customerId),
            async ct => ToCardholder(await artha.Customers.GetAsync(customerId, ct)), cancellationToken);

    /// <summary>The KYC status of a customer for a product, and whether a card may be issued.</summary>
    public Task<CardIssueEligibility> GetCardIssueEligibilityAsync(string customerId, string productId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "card.issue.eligibility", new AuditTarget("customer", customerId),
            ct => ReadEligibilityAsync(customerId, productId, ct), cancellationToken);

    /// <summary>
    /// Issues a card. Refused (<see cref="CardIssueRefusedException"/>, audited as Failed) unless KYC for the product is Approved;
    /// a physical product needs a shipping address. The new card starts pending: a watch follows its issuance.
    /// Needs <see cref="Permission.Onboard"/>.
    /// </summary>
    public async Task<CardView> IssueCardAsync(CardIssueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string action = "card.issue";
        var target = new AuditTarget("customer", request.CustomerId);
        await RequireAsync(Permission.Onboard, action, target);

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.CustomerId)) errors["customerId"] = ["Choose the customer."];
        if (string.IsNullOrWhiteSpace(request.ProductId)) errors["productId"] = ["Choose the card product."];
        if (errors.Count > 0)
        {
            throw LocalValidation("Choose a customer and a product, then issue the card.", errors);
        }

        Product product;
        CardIssueEligibility eligibility;
        try
        {
            product = await artha.Products.GetAsync(request.ProductId, cancellationToken);
            eligibility = await ReadEligibilityAsync(request.CustomerId, request.ProductId, cancellationToken);
        }
        catch (Artha.Client.Errors.ArthaException ex)
        {
            throw Translate(ex, action, isChange: false);
        }

        var physical = product.Type == CardType.Physical;
        if (physical)
        {
            var addressErrors = ValidateAddress(request.ShippingAddress, "shippingAddress");
            if (addressErrors.Count > 0)
            {
                throw LocalValidation("A physical card needs a shipping address: fill in or shorten the highlighted fields.", addressErrors);
            }
        }
        if (!eligibility.Allowed)
        {
            await audit.RecordAsync(action, target, AuditOutcome.Failed,
                $"refused before Artha: KYC for product {request.ProductId} is {eligibility.KycStatus}", cancellationToken: cancellationToken);
            throw new CardIssueRefusedException(eligibility);
        }

        var currency = product.Currency ?? "";
        var issued = await ChangeAsync(Permission.Onboard, action, target,
            $"product {request.ProductId} ({(physical ? "physical" : "virtual")}, {currency})",
            ct => artha.Cards.IssueAsync(new IssueCardRequest
            {
                CustomerId = request.CustomerId,
                ProductId = request.ProductId,
                Currency = currency,
                ShippingAddress = physical ? ToAddress(request.ShippingAddress!) : null,
            }, ct),
            cancellationToken);

        var view = ToCardView(issued);
        await WatchAsync(WatchKind.CardIssuance, view.Id, $"Issuance of {view.ShortName}", view.State ?? "pending",
            view.ProductId ?? request.ProductId, view.CustomerId ?? request.CustomerId, view.Id);
        await PublishAsync(StatusSubject.Card, view.Id, view.State ?? view.Status, $"{Capitalize(view.ShortName)} issued; issuance {view.State ?? "pending"}",
            view.CustomerId ?? request.CustomerId, view.Id, view.ProductId ?? request.ProductId);
        return view;
    }

    private async Task<CardIssueEligibility> ReadEligibilityAsync(string customerId, string productId, CancellationToken ct)
    {
        var status = await artha.Applicants.GetStatusAsync(customerId, productId, ct);
        return new CardIssueEligibility(customerId, productId, status.ApplicantStatus.Value, status.Remarks);
    }

    private static Optional<decimal?> ToOptional(LimitChange change) => change.Kind switch
    {
        LimitChangeKind.Set => Optional.Set<decimal?>(change.Amount),
        LimitChangeKind.ResetToDefault => Optional.Null<decimal?>(),
        _ => Optional<decimal?>.Unset,
    };

    /// <summary>A refusal found by the portal before calling Artha, reported like Artha's own validation errors.</summary>
    private static ArthaOperationException LocalValidation(string message, IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(message, ArthaFailureKind.Validation, fieldErrors: fieldErrors);

    private static Dictionary<string, string[]> ValidateAddress(CardShippingAddress? address, string prefix)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(address?.AddressLine1)) errors[$"{prefix}.addressLine1"] = ["Enter the first address line."];
        if (string.IsNullOrWhiteSpace(address?.City)) errors[$"{prefix}.city"] = ["Enter the city."];
        if (string.IsNullOrWhiteSpace(address?.PostalCode)) errors[$"{prefix}.postalCode"] = ["Enter the postal code."];
        var country = address?.Country?.Trim();
        if (string.IsNullOrWhiteSpace(country)) errors[$"{prefix}.country"] = ["Enter the country as a 2-letter code, e.g. GB."];
        else if (country.Length != 2 || !country.All(char.IsAsciiLetter)) errors[$"{prefix}.country"] = ["Use the 2-letter country code (ISO 3166-1), e.g. GB."];
        // Server-side maximum lengths (the customer's own limits): a pasted 200,000-character line never reaches Artha.
        foreach (var (field, value, max) in new[]
        {
            ("addressLine1", address?.AddressLine1, CustomerFieldLimits.AddressLine),
            ("addressLine2", address?.AddressLine2, CustomerFieldLimits.AddressLine),
            ("city", address?.City, CustomerFieldLimits.City),
            ("state", address?.State, CustomerFieldLimits.State),
            ("postalCode", address?.PostalCode, CustomerFieldLimits.PostalCode),
        })
        {
            if (CustomerFieldLimits.Exceeds(value, max))
            {
                errors[$"{prefix}.{field}"] = [CustomerFieldLimits.TooLong(max, value!.Trim().Length)];
            }
        }
        return errors;
    }

    private static Address ToAddress(CardShippingAddress address) => new()
    {
        AddressLine1 = address.AddressLine1?.Trim(),
        AddressLine2 = string.IsNullOrWhiteSpace(address.AddressLine2) ? null : address.AddressLine2.Trim(),
        City = address.City?.Trim(),
        State = string.IsNullOrWhiteSpace(address.State) ? null : address.State.Trim(),
        PostalCode = address.PostalCode?.Trim(),
        Country = address.Country?.Trim().ToUpperInvariant(),
    };

    private static CardholderOption ToCardholder(Customer customer)
    {
        var name = !string.IsNullOrWhiteSpace(customer.BusinessName)
            ? customer.BusinessName!
            : string.Join(" ", new[] { customer.FirstName, customer.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new CardholderOption(customer.Id, string.IsNullOrWhiteSpace(name) ? customer.Id : name, customer.Email, customer.Type.Value)
        {
            Address = ToAddressView(customer.Address),
        };
    }

    private static CardView ToCardView(Card card)
    {
        var last4 = Last4Of(card.CardNumberMasked);
        return new CardView(
            card.Id,
            card.CustomerId,
            card.ProductId,
            card.ProductName,
            card.CardType?.Value.ToLowerInvariant(),
            last4 is null ? "••••" : $"•••• •••• •••• {last4}",
            last4,
            card.Currency,
            card.Status.Value,
            card.State?.Value,
            card.Balance,
            card.CreatedAt,
            card.UpdatedAt)
        {
            ReplacesCardId = string.IsNullOrWhiteSpace(card.ReplacesCardId) ? null : card.ReplacesCardId,
            ReplacedByCardId = string.IsNullOrWhiteSpace(card.ReplacedByCardId) ? null : card.ReplacedByCardId,
            FailureReason = string.IsNullOrWhiteSpace(card.FailureReason) ? null : card.FailureReason.Trim(),
            ShippingAddress = ToAddressView(card.ShippingAddress),
        };
    }

    private static CardAddressView? ToAddressView(Address? address)
    {
        if (address is null)
        {
            return null;
        }
        var view = new CardAddressView(address.AddressLine1, address.AddressLine2, address.City, address.State, address.PostalCode, address.Country);
        return view.IsEmpty ? null : view;
    }

    private static CardLimitsView ToLimitsView(CardLimits limits) => new(
        limits.Currency, limits.DailyLimit, limits.MonthlyLimit, limits.PerTransactionLimit, limits.AtmWithdrawalLimit,
        limits.YearlyLimit, limits.LifetimeLimit);

    /// <summary>The last four digits of a masked number; whatever else it holds is dropped.</summary>
    private static string? Last4Of(string? masked)
    {
        if (masked is null)
        {
            return null;
        }
        var digits = new string(masked.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 4 ? digits[^4..] : null;
    }

    internal static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Removes anything that looks like a card number from free text (reasons) before it reaches the audit trail.</summary>
    private static string ScrubCardNumbers(string text) => LongDigitRun().Replace(text, "[number removed]");

    [GeneratedRegex(@"\d(?:[ -]?\d){11,18}")]
    private static partial Regex LongDigitRun();
}
