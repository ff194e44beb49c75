using Artha.Admin.Auditing;
using Artha.Admin.Features.Customers.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Models;
using Artha.Client.Serialization;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    /// <summary>Customers, one server-side page at a time, filtered and searched by Artha.</summary>
    public Task<ListPage<CustomerView>> ListCustomersAsync(CustomerFilter filter, int offset, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "customer.list", null, async ct =>
        {
            var query = new CustomerListQuery
            {
                Offset = offset,
                Limit = limit,
                Search = ArthaInputLimits.Search(filter.Search),
                Type = string.IsNullOrWhiteSpace(filter.Type) ? (CustomerType?)null : CustomerType.From(filter.Type),
                KycStatus = string.IsNullOrWhiteSpace(filter.KycState) ? (KycStatus?)null : KycStatus.From(filter.KycState),
                CreatedFrom = filter.CreatedFrom is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                CreatedTo = filter.CreatedTo is { } to ? new DateTimeOffset(to.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : null,
            };
            var page = await artha.Customers.ListAsync(query, ct);
            return new ListPage<CustomerView>(page.Items.Select(ToView).ToList(), page.Total, offset);
        }, cancellationToken);

    public Task<CustomerView> GetCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "customer.get", new AuditTarget("customer", customerId),
            async ct => ToView(await artha.Customers.GetAsync(customerId, ct)), cancellationToken);

    /// <summary>
    /// Creates an individual or business customer after checking the §6.1 rules in the portal. A duplicate email
    /// (409) comes back as a field error on <c>email</c>. Artha's Create Customer takes no address, so an address
    /// given on the form is saved by a follow-up partial update; if that fails the customer still exists and the
    /// result carries a warning.
    /// </summary>
    public async Task<CustomerCreated> CreateCustomerAsync(CustomerDraft draft, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.Onboard, "customer.create", null);
        RefuseInvalid(draft);

        var request = new CreateCustomerRequest
        {
            Type = draft.IsBusiness ? CustomerType.Business : CustomerType.Individual,
            FirstName = Clean(draft.FirstName),
            LastName = Clean(draft.LastName),
            Email = draft.Email!.Trim(),
            PhoneCode = draft.PhoneCode!.Trim(),
            PhoneNumber = draft.PhoneNumber!.Trim(),
            Country = draft.Country!.Trim().ToUpperInvariant(),
            BusinessName = draft.IsBusiness ? Clean(draft.BusinessName) : null,
            DateOfBirth = draft.IsBusiness ? null : draft.DateOfBirth,
            Gender = draft.IsBusiness ? null : Clean(draft.Gender)?.ToLowerInvariant(),
            State = Clean(draft.State),
            ExternalReference = Clean(draft.ExternalReference),
        };
        var kind = draft.IsBusiness ? "business" : "individual";
        Customer created;
        try
        {
            created = await ChangeAsync(Permission.Onboard, "customer.create", new AuditTarget("customer", request.Email),
                $"{kind} customer {request.Email}", ct => artha.Customers.CreateAsync(request, ct), cancellationToken);
        }
        catch (ArthaOperationException ex) when (ex.Kind == ArthaFailureKind.Conflict)
        {
            throw DuplicateEmail(ex, request.Email);
        }
        catch (ArthaOperationException ex) when (ex.Kind == ArthaFailureKind.Validation)
        {
            throw InCustomerWords(ex);
        }

        var customer = ToView(created);
        string? warning = null;
        if (draft.HasAddress || (draft.IsBusiness && draft.HasBusinessDetails))
        {
            var followUp = new UpdateCustomerRequest
            {
                Address = draft.HasAddress ? Optional.Set<Address?>(ToAddress(draft)) : default,
                Business = draft.IsBusiness && draft.HasBusinessDetails ? Optional.Set<BusinessDetails?>(ToBusiness(draft)) : default,
            };
            try
            {
                customer = ToView(await ChangeAsync(Permission.Onboard, "customer.update", new AuditTarget("customer", customer.Id),
                    $"address/business details of new customer {customer.Id}", ct => artha.Customers.UpdateAsync(customer.Id, followUp, ct),
                    cancellationToken));
            }
            catch (ArthaOperationException ex)
            {
                warning = $"The customer was created, but the address could not be saved: {ex.Describe()} Edit the profile to add it.";
            }
        }
        await PublishAsync(StatusSubject.Customer, customer.Id, customer.Status, $"Customer {customer.DisplayName} created",
            customerId: customer.Id, notable: false);
        return new CustomerCreated(customer, warning);
    }

    /// <summary>
    /// Partial update: only the fields that differ between <paramref name="original"/> and <paramref name="edited"/>
    /// are sent; a cleared optional field is sent as an explicit null (reset). Returns the customer unchanged (and
    /// calls nothing) when nothing changed.
    /// </summary>
    public async Task<CustomerView> UpdateCustomerAsync(string customerId, CustomerDraft original, CustomerDraft edited, CancellationToken cancellationToken = default)
    {
        var target = new AuditTarget("customer", customerId);
        await RequireAsync(Permission.Onboard, "customer.update", target);
        RefuseInvalid(edited);
        var (request, changed) = BuildCustomerUpdate(original, edited);
        if (changed.Count == 0)
        {
            return await GetCustomerAsync(customerId, cancellationToken);
        }
        Customer updated;
        try
        {
            updated = await ChangeAsync(Permission.Onboard, "customer.update", target, $"changed {string.Join(", ", changed)}",
                ct => artha.Customers.UpdateAsync(customerId, request, ct), cancellationToken);
        }
        catch (ArthaOperationException ex) when (ex.Kind == ArthaFailureKind.Conflict && changed.Contains("email"))
        {
            throw DuplicateEmail(ex, edited.Email?.Trim());
        }
        catch (ArthaOperationException ex) when (ex.Kind == ArthaFailureKind.Validation)
        {
            throw InCustomerWords(ex);
        }
        var view = ToView(updated);
        _customerNames.TryRemove(customerId, out _); // links in this circuit show the new name
        await PublishAsync(StatusSubject.Customer, view.Id, view.Status, $"Customer {view.DisplayName} updated", customerId: view.Id, notable: false);
        return view;
    }

    /// <summary>The PATCH body for the differences between two drafts, and the names of the changed fields (for the audit).</summary>
    internal static (UpdateCustomerRequest Request, IReadOnlyList<string> Changed) BuildCustomerUpdate(CustomerDraft original, CustomerDraft edited)
    {
        var changed = new List<string>();
        Optional<string?> Text(string name, string? before, string? after)
        {
            var (b, a) = (Clean(before), Clean(after));
            if (string.Equals(b, a, StringComparison.Ordinal))
            {
                return default;
            }
            changed.Add(name);
            return Optional<string?>.Set(a);
        }

        var request = new UpdateCustomerRequest
        {
            FirstName = Text("firstName", original.FirstName, edited.FirstName),
            MiddleName = Text("middleName", original.MiddleName, edited.MiddleName),
            LastName = Text("lastName", original.LastName, edited.LastName),
            Email = Text("email", original.Email, edited.Email),
            PhoneCode = Text("phoneCode", original.PhoneCode, edited.PhoneCode),
            PhoneNumber = Text("phoneNumber", original.PhoneNumber, edited.PhoneNumber),
            Country = Text("country", original.Country?.ToUpperInvariant(), edited.Country?.ToUpperInvariant()),
            State = Text("state", original.State, edited.State),
            Gender = Text("gender", original.Gender?.ToLowerInvariant(), edited.Gender?.ToLowerInvariant()),
        };
        if (original.DateOfBirth != edited.DateOfBirth)
        {
            changed.Add("dateOfBirth");
            request = request with { DateOfBirth = Optional<DateOnly?>.Set(edited.DateOfBirth) };
        }
        if (ToAddress(original) != ToAddress(edited))
        {
            changed.Add("address");
            request = request with { Address = Optional<Address?>.Set(edited.HasAddress ? ToAddress(edited) : null) };
        }
        if (edited.IsBusiness && ToBusiness(original) != ToBusiness(edited))
        {
            changed.Add("business");
            request = request with { Business = Optional<BusinessDetails?>.Set(ToBusiness(edited)) };
        }
        return (request, changed);
    }

    /// <summary>The message of a duplicate email; the form adds a link to the customer who has it (<see cref="FindCustomerByEmailAsync"/>).</summary>
    private static ArthaOperationException DuplicateEmail(ArthaOperationException conflict, string? email) => new(
        $"A customer with the email {email} already exists at Artha. Open that customer instead, or use another email address.",
        ArthaFailureKind.Conflict, conflict.RequestId,
        new Dictionary<string, string[]> { ["email"] = ["This email address is already used by another customer."] },
        conflict.StatusCode, conflict.ErrorCode, conflict);

    /// <summary>Refuses a draft that breaks <see cref="CustomerDraftRules"/> (lengths included) before anything reaches Artha.</summary>
    private static void RefuseInvalid(CustomerDraft draft)
    {
        var errors = draft.Validate();
        if (!errors.IsEmpty)
        {
            throw new ArthaOperationException("Some details are missing or invalid. Correct the highlighted fields and try again.",
                ArthaFailureKind.Validation, fieldErrors: errors.ToDictionary());
        }
    }

    /// <summary>Artha's refusal with its wire field names (<c>phoneCode must be…</c>) replaced by the form's labels.</summary>
    internal static ArthaOperationException InCustomerWords(ArthaOperationException refused) => new(
        FieldWording.Humanize(refused.Message, CustomerDraftRules.Labels), refused.Kind, refused.RequestId,
        refused.FieldErrors.ToDictionary(e => e.Key, e => e.Value.Select(m => FieldWording.Humanize(m, CustomerDraftRules.Labels)).ToArray()),
        refused.StatusCode, refused.ErrorCode, refused);

    /// <summary>The customer whose email is exactly <paramref name="email"/> (any letter case), or null: for the duplicate-email link.</summary>
    public async Task<CustomerView?> FindCustomerByEmailAsync(string? email, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }
        var wanted = email.Trim();
        var page = await ListCustomersAsync(new CustomerFilter(Search: wanted), 0, 20, cancellationToken);
        return page.Items.FirstOrDefault(c => string.Equals(c.Email, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Cards read for a customer's summary; a customer with more sees "more cards" and the Cards tab.</summary>
    private const int SummaryCardLimit = 20;

    /// <summary>
    /// What the customer holds: cards by status and the available balance per currency (one balance read per card that is
    /// not cancelled). A balance Artha does not give is counted in <see cref="CustomerCardsSummary.BalanceUnavailable"/>
    /// instead of failing the summary.
    /// </summary>
    public async Task<CustomerCardsSummary> GetCustomerCardsSummaryAsync(string customerId, CancellationToken cancellationToken = default)
    {
        var page = await ListCardsAsync(new CardListFilter(CustomerId: customerId), 0, SummaryCardLimit, cancellationToken);
        var cards = page.Items.Where(c => c.CustomerId is null || c.CustomerId == customerId).ToList();
        var lines = new List<CustomerCardLine>(cards.Count);
        var unavailable = 0;
        foreach (var card in cards)
        {
            Money? available = null;
            if (!card.IsCancelled)
            {
                try
                {
                    available = (await GetCardBalanceAsync(card.Id, cancellationToken)).Available;
                }
                catch (ArthaOperationException)
                {
                    unavailable++;
                }
            }
            lines.Add(new CustomerCardLine(card.Id, card.MaskedNumber, card.ProductName, card.Status, available));
        }
        int Count(string status) => cards.Count(c => string.Equals(c.Status, status, StringComparison.OrdinalIgnoreCase));
        var totals = lines.Where(l => l.Available is { Currency.Length: > 0 })
            .GroupBy(l => l.Available!.Value.Currency, StringComparer.OrdinalIgnoreCase)
            .Select(g => new Money(g.Sum(l => l.Available!.Value.Amount), g.Key.ToUpperInvariant()))
            .OrderBy(m => m.Currency, StringComparer.Ordinal)
            .ToList();
        var total = page.Total ?? cards.Count;
        return new CustomerCardsSummary(Math.Max(total, cards.Count), Count("active"), Count("frozen"), Count("inactive"), Count("cancelled"),
            totals, lines, unavailable, page.Total is { } t ? t > cards.Count : cards.Count >= SummaryCardLimit);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Address ToAddress(CustomerDraft draft) => new()
    {
        AddressLine1 = Clean(draft.AddressLine1),
        AddressLine2 = Clean(draft.AddressLine2),
        City = Clean(draft.City),
        State = Clean(draft.AddressState),
        PostalCode = Clean(draft.PostalCode),
        Country = Clean(draft.AddressCountry)?.ToUpperInvariant(),
    };

    private static BusinessDetails ToBusiness(CustomerDraft draft) => new()
    {
        BusinessName = Clean(draft.BusinessName),
        RegistrationNumber = Clean(draft.RegistrationNumber),
        TaxId = Clean(draft.TaxId),
        Website = Clean(draft.Website),
        Industry = Clean(draft.Industry),
        CompanyType = Clean(draft.CompanyType),
        IncorporationDate = draft.IncorporationDate,
    };

    private static CustomerView ToView(Customer c) => new(
        c.Id,
        string.IsNullOrEmpty(c.Type.Value) ? CustomerTypes.Individual : c.Type.Value.ToLowerInvariant(),
        c.FirstName,
        c.MiddleName,
        c.LastName,
        c.BusinessName ?? c.Business?.BusinessName,
        c.Email,
        c.PhoneCode,
        c.PhoneNumber,
        c.Country,
        c.State,
        c.DateOfBirth,
        c.Gender,
        c.ExternalReference,
        c.Address is { } a ? new CustomerAddressView(a.AddressLine1, a.AddressLine2, a.City, a.State, a.PostalCode, a.Country) : null,
        c.Business is { } b ? new CustomerBusinessView(b.BusinessName, b.RegistrationNumber, b.TaxId, b.Website, b.Industry, b.CompanyType, b.IncorporationDate) : null,
        string.IsNullOrEmpty(c.Status.Value) ? "unknown" : c.Status.Value,
        string.IsNullOrEmpty(c.KycState.Value) ? "not_submitted" : c.KycState.Value,
        c.CreatedAt,
        c.UpdatedAt);
}
