using System.Text.RegularExpressions;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Models;
using Artha.Client.Serialization;

namespace Artha.Admin.Services;

/// <summary>
/// A card as the portal shows it. Carries the masked number and last four digits only — never a full PAN.
/// <see cref="Status"/> is the lifecycle status (inactive, active, frozen, cancelled); <see cref="State"/> the issuance state
/// (pending, active, failed).
/// </summary>
public sealed record CardView(
    string Id,
    string? CustomerId,
    string? ProductId,
    string? ProductName,
    string? Type,
    string MaskedNumber,
    string? Last4,
    string? Currency,
    string Status,
    string? State,
    decimal? Balance,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public bool IsPhysical => string.Equals(Type, "physical", StringComparison.OrdinalIgnoreCase);

    /// <summary>"••4242", the short form used in messages and notifications.</summary>
    public string ShortName => Last4 is null ? "card" : $"card ••{Last4}";

    public bool IsCancelled => string.Equals(Status, "cancelled", StringComparison.OrdinalIgnoreCase);

    /// <summary>The card this one replaced, when Artha says (the sandbox does; Artha documents no such field).</summary>
    public string? ReplacesCardId { get; init; }

    /// <summary>The card that replaced this one, when Artha says.</summary>
    public string? ReplacedByCardId { get; init; }
}

/// <summary>Filters of the cards list; null or empty values do not filter.</summary>
public sealed record CardListFilter(string? Status = null, string? Type = null, string? ProductId = null, string? CustomerId = null);

/// <summary>A card's balance: available, held (authorised, unsettled purchases) and total, in the card currency.</summary>
public sealed record CardBalanceView(Money Available, Money Held, Money Total, DateTimeOffset? RetrievedAt);

/// <summary>Spending limits in the card currency; null means no limit at that level.</summary>
public sealed record CardLimitsView(
    string? Currency,
    decimal? DailyLimit,
    decimal? MonthlyLimit,
    decimal? PerTransactionLimit,
    decimal? AtmWithdrawalLimit,
    decimal? YearlyLimit,
    decimal? LifetimeLimit);

public enum LimitChangeKind
{
    /// <summary>The limit is not sent: Artha leaves it as it is.</summary>
    Unchanged,
    /// <summary>The limit is set to <see cref="LimitChange.Amount"/>.</summary>
    Set,
    /// <summary>The limit goes back to the product default.</summary>
    ResetToDefault,
}

/// <summary>What to do with one limit: leave it, set it, or reset it to the product default — three different things.</summary>
public readonly record struct LimitChange(LimitChangeKind Kind, decimal? Amount)
{
    public static LimitChange Unchanged => default;
    public static LimitChange ResetToDefault => new(LimitChangeKind.ResetToDefault, null);
    public static LimitChange Set(decimal amount) => new(LimitChangeKind.Set, amount);

    public override string ToString() => Kind switch
    {
        LimitChangeKind.Set => Amount?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        LimitChangeKind.ResetToDefault => "product default",
        _ => "unchanged",
    };
}

/// <summary>A limits update; every limit defaults to <see cref="LimitChange.Unchanged"/>.</summary>
public sealed record CardLimitsUpdate
{
    public LimitChange DailyLimit { get; init; }
    public LimitChange MonthlyLimit { get; init; }
    public LimitChange PerTransactionLimit { get; init; }
    public LimitChange AtmWithdrawalLimit { get; init; }
    public LimitChange YearlyLimit { get; init; }
    public LimitChange LifetimeLimit { get; init; }

    internal IEnumerable<(string Field, string Label, LimitChange Change)> All()
    {
        yield return ("dailyLimit", "daily", DailyLimit);
        yield return ("monthlyLimit", "monthly", MonthlyLimit);
        yield return ("perTransactionLimit", "per transaction", PerTransactionLimit);
        yield return ("atmWithdrawalLimit", "ATM withdrawal", AtmWithdrawalLimit);
        yield return ("yearlyLimit", "yearly", YearlyLimit);
        yield return ("lifetimeLimit", "lifetime", LifetimeLimit);
    }
}

/// <summary>A shipping address as a form edits it (physical cards).</summary>
public sealed class CardShippingAddress
{
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }
    /// <summary>ISO 3166-1 alpha-2, e.g. GB.</summary>
    public string? Country { get; set; }
}

/// <summary>What the issue-card wizard sends.</summary>
public sealed record CardIssueRequest(string CustomerId, string ProductId, CardShippingAddress? ShippingAddress = null);

/// <summary>A customer as the issue wizard offers it.</summary>
public sealed record CardholderOption(string Id, string Name, string? Email, string? Type)
{
    public string Label => Email is null ? Name : $"{Name} ({Email})";
}

/// <summary>Whether a card may be issued for a customer and product: only when KYC for that product is Approved.</summary>
public sealed record CardIssueEligibility(string CustomerId, string ProductId, string KycStatus, string? Remarks)
{
    public bool Allowed => string.Equals(Normalize(KycStatus), "approved", StringComparison.Ordinal);

    /// <summary>Why a card cannot be issued yet, and what to do.</summary>
    public string Reason => Allowed
        ? "KYC for this product is approved."
        : $"KYC for this customer and product is {Describe(KycStatus)}{(string.IsNullOrWhiteSpace(Remarks) ? "" : $" ({Remarks.Trim().TrimEnd('.')})")}. " +
          "A card can be issued only once it is Approved: open the applicant's KYC for this product to submit or follow it up.";

    private static string Normalize(string value) => value.Replace("_", "").Replace("-", "").Replace(" ", "").ToLowerInvariant();

    private static string Describe(string value) => Normalize(value) switch
    {
        "underreview" => "under review",
        "notsubmitted" or "" => "not submitted",
        var other => other,
    };
}

/// <summary>Issuing a card was refused before reaching Artha because KYC for the product is not Approved.</summary>
public sealed class CardIssueRefusedException(CardIssueEligibility eligibility) : Exception(eligibility.Reason)
{
    public CardIssueEligibility Eligibility { get; } = eligibility;
}

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
    /// Changes limits: unchanged limits are not sent, reset ones are sent as an explicit null (product default).
    /// Amounts must be zero or more. Needs <see cref="Permission.ControlCards"/>.
    /// </summary>
    public async Task<CardLimitsView> UpdateCardLimitsAsync(string cardId, CardLimitsUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        const string action = "card.limits.update";
        await RequireAsync(Permission.ControlCards, action, CardTarget(cardId));

        var errors = new Dictionary<string, string[]>();
        foreach (var (field, _, change) in update.All())
        {
            if (change.Kind == LimitChangeKind.Set && (change.Amount is null || change.Amount < 0))
            {
                errors[field] = ["Enter an amount of 0 or more, or choose to leave the limit unchanged or reset it to the product default."];
            }
        }
        if (errors.Count > 0)
        {
            throw LocalValidation("Limits must be amounts of 0 or more. Correct the highlighted limits and save again.", errors);
        }
        var changes = update.All().Where(c => c.Change.Kind != LimitChangeKind.Unchanged).ToList();
        if (changes.Count == 0)
        {
            throw LocalValidation("No limit was changed. Set an amount or reset a limit to the product default, then save.", new Dictionary<string, string[]>());
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
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        var detail = "limits: " + string.Join(", ", changes.Select(c => $"{c.Label} → {c.Change}"));
        var limits = await ChangeAsync(Permission.ControlCards, action, CardTarget(cardId), detail,
            ct => artha.Limits.UpdateAsync(cardId, request, ct), cancellationToken);

        await PublishAsync(StatusSubject.Card, cardId, card.Status, $"Limits of {card.ShortName} changed",
            card.CustomerId, cardId, card.ProductId);
        return ToLimitsView(limits);
    }

    /// <summary>Customers matching a search (name, email or phone), for the issue wizard's picker.</summary>
    public Task<IReadOnlyList<CardholderOption>> FindCardholdersAsync(string? search, int limit = 20, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<CardholderOption>>(Permission.ViewProgramme, "card.issue.customers", null, async ct =>
        {
            var page = await artha.Customers.ListAsync(new CustomerListQuery
            {
                Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
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
                throw LocalValidation("A physical card needs a shipping address: fill in the highlighted fields.", addressErrors);
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
        return new CardholderOption(customer.Id, string.IsNullOrWhiteSpace(name) ? customer.Id : name, customer.Email, customer.Type.Value);
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
        };
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
