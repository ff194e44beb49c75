using System.Security.Cryptography;
using Artha.Sandbox.Http;

namespace Artha.Sandbox.State;

public sealed partial class SandboxStore
{
    public CardResponse IssueCard(JsonBody body)
    {
        var errors = new FieldErrors();
        var customerId = body.String("customerId", errors);
        var productId = body.String("productId", errors);
        var currency = body.String("currency", errors)?.ToUpperInvariant();
        if (string.IsNullOrWhiteSpace(customerId)) errors.Add("customerId", "Required.");
        if (string.IsNullOrWhiteSpace(productId)) errors.Add("productId", "Required.");
        if (string.IsNullOrWhiteSpace(currency)) errors.Add("currency", "Required.");
        else if (!Validation.IsCurrency(currency)) errors.Add("currency", "Must be an ISO 4217 code (3 letters).");
        errors.ThrowIfAny();

        lock (_gate)
        {
            var customer = FindCustomer(customerId!);
            var product = FindProduct(productId!);
            if (!string.Equals(product.Status, "Active", StringComparison.OrdinalIgnoreCase))
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "PRODUCT_INACTIVE", $"Product '{product.Name}' is not active.");
            if (customer.Type != product.CustomerType)
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "PRODUCT_NOT_AVAILABLE",
                    $"Product '{product.Name}' is for {product.CustomerType} customers; this customer is {customer.Type}.");
            if (currency != product.Currency)
                throw ApiException.Validation("currency", $"Product '{product.Name}' issues {product.Currency} cards only.");
            if (!_applications.TryGetValue(ApplicationKey(customer.Id, product.ProductId), out var application) || application.Status != "Approved")
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "KYC_NOT_APPROVED",
                    $"KYC for this customer and product is {application?.Status ?? "not submitted"}; a card can be issued only once it is Approved.");
            AddressInfo? shipping = null;
            if (product.CardType == "physical")
            {
                shipping = ReadAddress(body, "shippingAddress", errors, required: true);
                errors.ThrowIfAny();
            }
            var card = NewCard(customer, product, shipping, _random);
            AddCard(card);
            Schedule(ScheduledWorkKind.CardIssuance, card.Id, Options.CardIssueDelaySeconds);
            PublishCardEvent("card.under_review", card, null);
            return card.ToResponse();
        }
    }

    private CardRecord NewCard(CustomerRecord customer, ProductRecord product, AddressInfo? shipping, Random random, string? id = null)
    {
        var now = Now;
        return new CardRecord
        {
            Id = id ?? Guid.NewGuid().ToString(),
            Customer = customer,
            Product = product,
            Currency = product.Currency,
            Pan = CardNumbers.Generate(product.Bin, random),
            Cvv = random.Next(0, 1000).ToString("000"),
            ExpiryMonth = now.Month,
            ExpiryYear = now.Year + 3,
            CardholderName = customer.DisplayName.ToUpperInvariant(),
            Limits = product.DefaultLimits.Copy(),
            ShippingAddress = shipping,
            CreatedAt = now,
        };
    }

    private void AddCard(CardRecord card)
    {
        _cards[card.Id] = card;
        _cardList.Add(card);
        card.Customer.Cards.Add(card);
    }

    private CardRecord FindCard(string id) =>
        _cards.TryGetValue(id, out var c) ? c : throw ApiException.NotFound("Card", id);

    public CardResponse GetCard(string id)
    {
        lock (_gate)
            return FindCard(id).ToResponse();
    }

    public ListResponse<CardResponse> ListCards(CardFilter filter, Paging paging)
    {
        Func<CardRecord, bool>? predicate = filter is { CustomerId: null, Status: null, Type: null, ProductId: null, State: null }
            ? null
            : c => (filter.CustomerId is null || c.Customer.Id.Equals(filter.CustomerId, StringComparison.OrdinalIgnoreCase))
                && (filter.ProductId is null || c.Product.ProductId.Equals(filter.ProductId, StringComparison.OrdinalIgnoreCase))
                && StatusEquals(c.Status, filter.Status) && StatusEquals(c.State, filter.State) && StatusEquals(c.Product.CardType, filter.Type);
        lock (_gate)
            return Page(_cardList, predicate, paging, c => c.ToResponse());
    }

    public SensitiveCardResponse GetSensitiveDetails(string id)
    {
        lock (_gate)
        {
            var card = FindCard(id);
            if (card.State != "active")
                throw ApiException.InvalidCardState($"Card details are available once issuance completes (state is {card.State}).");
            return new SensitiveCardResponse(card.Id, card.Id, card.Pan, card.Cvv, $"{card.ExpiryMonth:00}/{card.ExpiryYear % 100:00}",
                card.CardholderName, null);
        }
    }

    private void CompleteCardIssuance(ScheduledWork work)
    {
        if (!_cards.TryGetValue(work.Id, out var card) || card.State != "pending")
            return;
        if (card.Customer.Email.Contains("+cardfail", StringComparison.OrdinalIgnoreCase))
        {
            card.State = "failed";
            card.FailureReason = "Card issuance failed at the provider (sandbox rule: email contains '+cardfail').";
            card.UpdatedAt = Now;
            PublishCardEvent("card.rejected", card, null);
            return;
        }
        card.State = "active";
        // Virtual cards are usable at once; physical cards wait for activation with the mailer code.
        if (card.Status != "cancelled")
            card.Status = card.Product.CardType == "virtual" ? "active" : "inactive";
        card.UpdatedAt = Now;
        PublishCardEvent("card.approved", card, null);
    }

    // ---------------------------------------------------------------- operations (§9)

    private CardOperationResponse Operation(CardRecord card, string action, string message, string? taskId = null, string? newCardId = null) =>
        new(card.Id, card.Customer.Id, card.Product.ProductId, card.Product.CardType, action, card.Status, message, taskId, newCardId,
            Now.UtcDateTime);

    private static void RequireIssued(CardRecord card)
    {
        if (card.Status == "cancelled")
            throw ApiException.InvalidCardState("The card is cancelled.");
        if (card.State != "active")
            throw ApiException.InvalidCardState($"Card issuance is not complete (state is {card.State}).");
    }

    public CardOperationResponse Activate(string id, JsonBody body)
    {
        var errors = new FieldErrors();
        var code = body.String("activationCode", errors)?.Trim();
        lock (_gate)
        {
            var card = FindCard(id);
            errors.ThrowIfAny(); // after the lookup: an unknown card is 404 whatever the body
            RequireIssued(card);
            if (card.Status != "inactive")
                throw ApiException.InvalidCardState($"Only an inactive card can be activated (status is {card.Status}).");
            // Physical cards: the sandbox accepts any 6-digit code or the card's last 4 digits (documented in README).
            if (card.Product.CardType == "physical" && !IsValidActivationCode(code, card))
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "INVALID_ACTIVATION_CODE",
                    "activationCode must be the 6-digit code from the card mailer or the card's last 4 digits.",
                    new Dictionary<string, string[]> { ["activationCode"] = ["Invalid activation code."] });
            card.Status = "active";
            card.UpdatedAt = Now;
            PublishCardEvent("card.activate", card, null);
            return Operation(card, "activate", "Card activated successfully");
        }
    }

    private static bool IsValidActivationCode(string? code, CardRecord card) =>
        code is not null && ((code.Length == 6 && code.All(char.IsAsciiDigit)) || code == card.Last4);

    public CardOperationResponse Freeze(string id)
    {
        lock (_gate)
        {
            var card = FindCard(id);
            RequireIssued(card);
            if (card.Status != "active")
                throw ApiException.InvalidCardState($"Only an active card can be frozen (status is {card.Status}).");
            card.Status = "frozen";
            card.UpdatedAt = Now;
            PublishCardEvent("card.freeze", card, null);
            return Operation(card, "freeze", "Card frozen successfully");
        }
    }

    public CardOperationResponse Unfreeze(string id)
    {
        lock (_gate)
        {
            var card = FindCard(id);
            RequireIssued(card);
            if (card.Status != "frozen")
                throw ApiException.InvalidCardState($"Only a frozen card can be unfrozen (status is {card.Status}).");
            card.Status = "active";
            card.UpdatedAt = Now;
            PublishCardEvent("card.unfreeze", card, null);
            return Operation(card, "unfreeze", "Card unfrozen successfully");
        }
    }

    public CardOperationResponse Cancel(string id, JsonBody body)
    {
        var errors = new FieldErrors();
        var reason = body.String("reason", errors);
        if (reason is { Length: > 500 }) errors.Add("reason", "At most 500 characters.");
        lock (_gate)
        {
            var card = FindCard(id);
            errors.ThrowIfAny();
            if (card.Status == "cancelled")
                throw ApiException.InvalidCardState("The card is already cancelled.");
            card.Status = "cancelled";
            card.UpdatedAt = Now;
            PublishCardEvent("card.cancel", card, null, reason);
            return Operation(card, "cancel", "Card cancelled successfully");
        }
    }

    /// <summary>
    /// Cancels the card and issues a replacement on the same product (state pending → active after the issuance delay).
    /// The available balance moves to the new card; holds stay with the old card until they settle.
    /// </summary>
    public CardOperationResponse Replace(string id, JsonBody body)
    {
        var errors = new FieldErrors();
        var reason = body.String("reason", errors);
        if (reason is { Length: > 500 }) errors.Add("reason", "At most 500 characters.");
        var shipping = body.HasValue("shippingAddress") ? ReadAddress(body, "shippingAddress", errors, required: true) : null;
        lock (_gate)
        {
            var old = FindCard(id);
            errors.ThrowIfAny();
            if (old.Status == "cancelled")
                throw ApiException.InvalidCardState("A cancelled card cannot be replaced.");
            if (old.State == "pending")
                throw ApiException.InvalidCardState("The card is still being issued (state pending).");
            if (old.Product.CardType == "physical")
            {
                shipping ??= old.ShippingAddress;
                if (shipping is null)
                    throw ApiException.Validation("shippingAddress", "Required to replace a physical card.");
            }
            var replacement = NewCard(old.Customer, old.Product, shipping, _random);
            replacement.Limits = old.Limits.Copy();
            replacement.ReplacesCardId = old.Id;
            replacement.AvailableBalance = old.AvailableBalance;
            old.AvailableBalance = 0;
            old.Status = "cancelled";
            old.ReplacedByCardId = replacement.Id;
            old.UpdatedAt = Now;
            AddCard(replacement);
            var taskId = "task_" + Guid.NewGuid().ToString("N");
            Schedule(ScheduledWorkKind.CardIssuance, replacement.Id, Options.CardIssueDelaySeconds);
            PublishCardEvent("card.cancel", old, taskId, reason ?? "replaced");
            PublishCardEvent("card.under_review", replacement, taskId);
            return Operation(old, "replace", $"Card replaced; new card {replacement.Id} is being issued", taskId, replacement.Id);
        }
    }

    public CardOperationResponse SetPin(string id, JsonBody body)
    {
        lock (_gate)
            FindCard(id); // an unknown card is 404 whatever the body (the hash below is computed outside the lock)
        var errors = new FieldErrors();
        var pin = body.String("pin", errors);
        if (pin is null || pin.Length is < 4 or > 6 || !pin.All(char.IsAsciiDigit))
            errors.Add("pin", "Required: 4 to 6 digits.");
        errors.ThrowIfAny();
        // Only a salted PBKDF2 hash is kept; the PIN is never stored, logged or echoed.
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(pin!, salt, 10_000, HashAlgorithmName.SHA256, 32);
        lock (_gate)
        {
            var card = FindCard(id);
            RequireIssued(card);
            card.PinSalt = salt;
            card.PinHash = hash;
            card.UpdatedAt = Now;
            PublishCardEvent("card.set_pin", card, null);
            return Operation(card, "set_pin", "PIN set successfully");
        }
    }

    public LimitsResponse GetLimits(string id)
    {
        lock (_gate)
            return FindCard(id).ToLimitsResponse();
    }

    /// <summary>Absent keeps a limit; null resets it to the product default; a number (≥ 0) sets it.</summary>
    public LimitsResponse UpdateLimits(string id, JsonBody body)
    {
        var errors = new FieldErrors();
        var names = new[] { "dailyLimit", "monthlyLimit", "perTransactionLimit", "atmWithdrawalLimit", "yearlyLimit", "lifetimeLimit" };
        var values = new Dictionary<string, decimal?>();
        foreach (var name in names)
        {
            if (!body.Has(name)) continue;
            var value = body.Decimal(name, errors);
            if (value < 0) errors.Add(name, "Must be >= 0.");
            values[name] = value;
        }
        lock (_gate)
        {
            var card = FindCard(id);
            errors.ThrowIfAny();
            if (card.Status == "cancelled")
                throw ApiException.InvalidCardState("The card is cancelled.");
            var defaults = card.Product.DefaultLimits;
            foreach (var (name, value) in values)
            {
                switch (name)
                {
                    case "dailyLimit": card.Limits.Daily = value ?? defaults.Daily; break;
                    case "monthlyLimit": card.Limits.Monthly = value ?? defaults.Monthly; break;
                    case "perTransactionLimit": card.Limits.PerTransaction = value ?? defaults.PerTransaction; break;
                    case "atmWithdrawalLimit": card.Limits.AtmWithdrawal = value ?? defaults.AtmWithdrawal; break;
                    case "yearlyLimit": card.Limits.Yearly = value ?? defaults.Yearly; break;
                    case "lifetimeLimit": card.Limits.Lifetime = value ?? defaults.Lifetime; break;
                }
            }
            card.UpdatedAt = Now;
            return card.ToLimitsResponse();
        }
    }

    // Provisional payload (§14.4 could not be read): card, customer and product ids, new status, task id.
    private void PublishCardEvent(string eventType, CardRecord card, string? taskId, string? reason = null) =>
        _webhooks.Publish(eventType, new Dictionary<string, object?>
        {
            ["card_id"] = card.Id,
            ["customer_id"] = card.Customer.Id,
            ["product_id"] = card.Product.ProductId,
            ["status"] = card.Status,
            ["state"] = card.State,
            ["card_type"] = card.Product.CardType,
            ["task_id"] = taskId,
            ["reason"] = reason ?? card.FailureReason,
            ["performed_at"] = Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        });
}
