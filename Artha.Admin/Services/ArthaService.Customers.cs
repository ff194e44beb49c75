using System.Net.Mail;
using System.Text.RegularExpressions;
using Artha.Admin.Auditing;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Models;
using Artha.Client.Serialization;

namespace Artha.Admin.Services;

/// <summary>A customer's postal address as the portal shows it.</summary>
public sealed record CustomerAddressView(string? AddressLine1, string? AddressLine2, string? City, string? State, string? PostalCode, string? Country)
{
    public string OneLine => string.Join(", ", new[] { AddressLine1, AddressLine2, City, State, PostalCode, Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
}

/// <summary>Business details of a business customer.</summary>
public sealed record CustomerBusinessView(string? BusinessName, string? RegistrationNumber, string? TaxId, string? Website, string? Industry, string? CompanyType, DateOnly? IncorporationDate = null);

/// <summary>A customer (individual or business) as the portal shows it.</summary>
public sealed record CustomerView(
    string Id,
    string Type,
    string? FirstName,
    string? MiddleName,
    string? LastName,
    string? BusinessName,
    string? Email,
    string? PhoneCode,
    string? PhoneNumber,
    string? Country,
    string? State,
    DateOnly? DateOfBirth,
    string? Gender,
    string? ExternalReference,
    CustomerAddressView? Address,
    CustomerBusinessView? Business,
    string Status,
    string KycState,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public bool IsBusiness => string.Equals(Type, CustomerTypes.Business, StringComparison.OrdinalIgnoreCase);

    /// <summary>Business name for a business, else the person's full name; the email when neither is known.</summary>
    public string DisplayName
    {
        get
        {
            var person = string.Join(" ", new[] { FirstName, MiddleName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            var name = IsBusiness && !string.IsNullOrWhiteSpace(BusinessName) ? BusinessName : person;
            return string.IsNullOrWhiteSpace(name) ? Email ?? Id : name!;
        }
    }

    public string Phone => $"{PhoneCode} {PhoneNumber}".Trim();
}

/// <summary>The two customer types, spelled as Artha spells them.</summary>
public static class CustomerTypes
{
    public const string Individual = "individual";
    public const string Business = "business";
    public static readonly IReadOnlyList<string> All = [Individual, Business];
}

/// <summary>Filters of the customer list; every value is optional and all of them live in the page URL.</summary>
public sealed record CustomerFilter(string? Search = null, string? Type = null, string? KycState = null, DateOnly? CreatedFrom = null, DateOnly? CreatedTo = null);

/// <summary>The outcome of creating a customer: the customer, and a warning when a follow-up step (the address) failed.</summary>
public sealed record CustomerCreated(CustomerView Customer, string? Warning);

/// <summary>
/// The editable fields of a customer, for the create form and the profile's edit mode. Keys of
/// <see cref="Validate"/>'s errors are Artha's field names (<c>email</c>, <c>address.country</c>, …) so that
/// Artha's own 422 field errors land on the same fields.
/// </summary>
public sealed class CustomerDraft
{
    public string Type { get; set; } = CustomerTypes.Individual;
    public string? FirstName { get; set; }
    public string? MiddleName { get; set; }
    public string? LastName { get; set; }
    public string? BusinessName { get; set; }
    public string? Email { get; set; }
    public string? PhoneCode { get; set; }
    public string? PhoneNumber { get; set; }
    public string? Country { get; set; }
    public string? State { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Gender { get; set; }
    public string? ExternalReference { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? AddressState { get; set; }
    public string? PostalCode { get; set; }
    public string? AddressCountry { get; set; }
    public string? RegistrationNumber { get; set; }
    public string? TaxId { get; set; }
    public string? Website { get; set; }
    public string? Industry { get; set; }
    public string? CompanyType { get; set; }

    /// <summary>Not edited by the portal, but carried so that saving the business details does not reset it.</summary>
    public DateOnly? IncorporationDate { get; set; }

    public bool IsBusiness => string.Equals(Type, CustomerTypes.Business, StringComparison.OrdinalIgnoreCase);

    public static readonly IReadOnlyList<string> Genders = ["male", "female", "other"];

    private static readonly Regex PhoneCodePattern = new(@"^\+\d{1,4}$");
    private static readonly Regex PhoneNumberPattern = new(@"^\d{4,15}$");

    public static CustomerDraft From(CustomerView customer) => new()
    {
        Type = customer.Type,
        FirstName = customer.FirstName,
        MiddleName = customer.MiddleName,
        LastName = customer.LastName,
        BusinessName = customer.BusinessName ?? customer.Business?.BusinessName,
        Email = customer.Email,
        PhoneCode = customer.PhoneCode,
        PhoneNumber = customer.PhoneNumber,
        Country = customer.Country,
        State = customer.State,
        DateOfBirth = customer.DateOfBirth,
        Gender = customer.Gender,
        ExternalReference = customer.ExternalReference,
        AddressLine1 = customer.Address?.AddressLine1,
        AddressLine2 = customer.Address?.AddressLine2,
        City = customer.Address?.City,
        AddressState = customer.Address?.State,
        PostalCode = customer.Address?.PostalCode,
        AddressCountry = customer.Address?.Country,
        RegistrationNumber = customer.Business?.RegistrationNumber,
        TaxId = customer.Business?.TaxId,
        Website = customer.Business?.Website,
        Industry = customer.Business?.Industry,
        CompanyType = customer.Business?.CompanyType,
        IncorporationDate = customer.Business?.IncorporationDate,
    };

    public CustomerDraft Copy() => (CustomerDraft)MemberwiseClone();

    internal bool HasAddress => new[] { AddressLine1, AddressLine2, City, AddressState, PostalCode, AddressCountry }.Any(v => !string.IsNullOrWhiteSpace(v));

    internal bool HasBusinessDetails => new[] { RegistrationNumber, TaxId, Website, Industry, CompanyType }.Any(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>The §6.1 rules, checked in the portal before Artha is called. Empty when the draft is acceptable.</summary>
    public FormErrors Validate()
    {
        var errors = new FormErrors();
        if (!CustomerTypes.All.Contains(Type, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("type", "Choose individual or business.");
        }
        if (FirstName is { Length: > 100 }) errors.Add("firstName", "Use at most 100 characters.");
        if (MiddleName is { Length: > 100 }) errors.Add("middleName", "Use at most 100 characters.");
        if (LastName is { Length: > 100 }) errors.Add("lastName", "Use at most 100 characters.");
        if (!IsBusiness)
        {
            if (string.IsNullOrWhiteSpace(FirstName)) errors.Add("firstName", "Enter the first name.");
            if (string.IsNullOrWhiteSpace(LastName)) errors.Add("lastName", "Enter the last name.");
            if (DateOfBirth is null) errors.Add("dateOfBirth", "Enter the date of birth (required for individuals).");
            if (string.IsNullOrWhiteSpace(Gender)) errors.Add("gender", "Choose a gender (required for individuals).");
            else if (!Genders.Contains(Gender.Trim(), StringComparer.OrdinalIgnoreCase)) errors.Add("gender", "Choose male, female or other.");
        }
        else if (string.IsNullOrWhiteSpace(BusinessName))
        {
            errors.Add("businessName", "Enter the business name (required for businesses).");
        }
        if (string.IsNullOrWhiteSpace(Email)) errors.Add("email", "Enter the email address.");
        else if (!IsEmail(Email.Trim())) errors.Add("email", "Enter a valid email address, e.g. jane.doe@example.com.");
        if (string.IsNullOrWhiteSpace(PhoneCode)) errors.Add("phoneCode", "Enter the dialling code, e.g. +44.");
        else if (!PhoneCodePattern.IsMatch(PhoneCode.Trim())) errors.Add("phoneCode", "Use + followed by 1 to 4 digits, e.g. +44.");
        if (string.IsNullOrWhiteSpace(PhoneNumber)) errors.Add("phoneNumber", "Enter the phone number.");
        else if (!PhoneNumberPattern.IsMatch(PhoneNumber.Trim())) errors.Add("phoneNumber", "Use 4 to 15 digits, without the dialling code.");
        if (string.IsNullOrWhiteSpace(Country)) errors.Add("country", "Enter the country code, e.g. GB.");
        else if (!IsCountry(Country.Trim())) errors.Add("country", "Use the 2-letter ISO country code, e.g. GB.");
        if (ExternalReference is { Length: > 200 }) errors.Add("externalReference", "Use at most 200 characters.");
        if (!string.IsNullOrWhiteSpace(AddressCountry) && !IsCountry(AddressCountry.Trim()))
        {
            errors.Add("address.country", "Use the 2-letter ISO country code, e.g. GB.");
        }
        return errors;
    }

    internal static bool IsCountry(string value) => value.Length == 2 && value.All(char.IsAsciiLetter);

    internal static bool IsEmail(string value) =>
        !value.Contains(' ') && MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.');
}

/// <summary>
/// Field errors of a form keyed by Artha's field names; lookups ignore case and '_' so that <c>phone_code</c>
/// and <c>phoneCode</c> meet on the same field.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public int Count => errors.Count;

    public bool IsEmpty => errors.Count == 0;

    public IEnumerable<string> Keys => errors.Keys;

    public static string Normalize(string key) => key.Replace("_", "").ToLowerInvariant();

    public void Add(string key, string message)
    {
        var normalized = Normalize(key);
        if (!errors.TryGetValue(normalized, out var list))
        {
            errors[normalized] = list = [];
        }
        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    public IReadOnlyList<string> For(string key) => errors.TryGetValue(Normalize(key), out var list) ? list : [];

    public bool Has(string key) => errors.ContainsKey(Normalize(key));

    public void Clear() => errors.Clear();

    public static FormErrors From(IReadOnlyDictionary<string, string[]> fieldErrors, Func<string, string>? mapKey = null)
    {
        var result = new FormErrors();
        foreach (var (key, messages) in fieldErrors)
        {
            foreach (var message in messages)
            {
                result.Add(mapKey?.Invoke(key) ?? key, message);
            }
        }
        return result;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

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
                Search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim(),
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
        var errors = draft.Validate();
        if (!errors.IsEmpty)
        {
            throw new ArthaOperationException("Some details are missing or invalid. Correct the highlighted fields and try again.",
                ArthaFailureKind.Validation, fieldErrors: errors.ToDictionary());
        }

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
        var errors = edited.Validate();
        if (!errors.IsEmpty)
        {
            throw new ArthaOperationException("Some details are missing or invalid. Correct the highlighted fields and try again.",
                ArthaFailureKind.Validation, fieldErrors: errors.ToDictionary());
        }
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

    private static ArthaOperationException DuplicateEmail(ArthaOperationException conflict, string? email) => new(
        $"A customer with the email {email} already exists at Artha. Use another email address, or search for the existing customer.",
        ArthaFailureKind.Conflict, conflict.RequestId,
        new Dictionary<string, string[]> { ["email"] = ["This email address is already used by another customer."] },
        conflict.StatusCode, conflict.ErrorCode, conflict);

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
